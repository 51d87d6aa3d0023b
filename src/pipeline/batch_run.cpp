#include "pipeline/batch_run.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "ingest/discover.hpp"
#include "pipeline/file_processor.hpp"
#include "report/analytics_charts.hpp"
#include "report/analytics_csv.hpp"
#include "report/html_report.hpp"
#include "report/run_summary.hpp"
#include "report/sales_report_csv.hpp"
#include "store/catalog_store.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

/// A top-level input and what the ledger needs to know about it.
struct InputFileInfo {
  std::filesystem::path path;
  int64_t size = 0;
  std::string content_hash;
};

/// A 64-bit content hash of a whole file, as 16 hex digits.
std::string hash_file(const std::filesystem::path& path, int64_t& size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(fmt::format("cannot read {}", path.string()));
  std::string buffer(1 << 20, '\0');
  uint64_t hash = 0;
  size = 0;
  while (in) {
    in.read(buffer.data(), std::streamsize(buffer.size()));
    const auto count = size_t(in.gcount());
    if (count == 0) break;
    hash = hash_bytes(std::string_view(buffer.data(), count), hash);
    size += int64_t(count);
  }
  return fmt::format("{:016x}", hash);
}

/// Rebuilds the report's sales state from every stored fact, so an
/// incremental run reports on all data processed so far.
void replay_sales_facts(Database& database, const Catalog& catalog, SalesState& sales) {
  for (const SalesFactRow& fact : read_sales_facts(database)) {
    const auto customer = catalog.find_customer(fact.customer_id);
    const auto product = catalog.find_product(fact.product_id);
    if (!customer || !product) {
      throw UserError(fmt::format("stored sales fact refers to {} / {}, which are no longer in the catalog; "
                                  "restore them or run with --full-refresh",
                                  fact.customer_id, fact.product_id));
    }
    sales.add_purchase(*customer, *product, fact.quantity, fact.unit_price_cents);
  }
}

void print_progress(size_t done, size_t total, int64_t records, double seconds) {
  std::fprintf(stderr, "\r  %zu/%zu inputs, %lld records, %.1f s", done, total, static_cast<long long>(records),
               seconds);
  std::fflush(stderr);
}

}  // namespace

int run_batch(const BatchRunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const std::vector<std::filesystem::path> inputs = discover_inputs(options.events_dir);
  if (inputs.empty())
    spdlog::warn("no event files (*.zip, *.json, *.ndjson, *.csv, *.json.gz) in '{}': the report will be empty",
                 options.events_dir.string());

  auto database = Database::open(options.database_url);
  if (!options.report_only) migrate(*database);
  const Catalog catalog = read_catalog(*database);
  if (catalog.customers().empty() || catalog.products().empty()) {
    throw UserError(fmt::format(
        "the catalog in {} has {} customers and {} products: load it with `ecomflow catalog import "
        "--customers FILE --products FILE` or `ecomflow generate`",
        database->display_name(), catalog.customers().size(), catalog.products().size()));
  }
  spdlog::info("catalog: {} customers, {} products from {}", catalog.customers().size(), catalog.products().size(),
               database->display_name());

  const bool keep_history = !options.report_only;
  std::vector<InputFileInfo> infos(inputs.size());
  std::vector<bool> skipped(inputs.size(), false);
  for (size_t i = 0; i < inputs.size(); ++i) {
    infos[i].path = inputs[i];
    if (!keep_history) continue;
    infos[i].content_hash = hash_file(inputs[i], infos[i].size);
    skipped[i] = !options.full_refresh &&
                 find_processed(*database, inputs[i].string(), infos[i].content_hash).has_value();
  }

  QuarantineSink sink(options.reports_dir / "quarantine.ndjson", keep_history);
  Deduplicator deduplicator;
  const int thread_count = std::max(1, std::min<int>(options.threads, int(std::max<size_t>(1, inputs.size()))));
  FileProcessor::Options processor_options{options.limits, options.batch_size, keep_history, options.aggregates};

  std::vector<InputOutcome> outcomes(inputs.size());
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<int64_t> records{0};
  std::vector<std::unique_ptr<FileProcessor>> processors;
  for (int i = 0; i < thread_count; ++i)
    processors.push_back(std::make_unique<FileProcessor>(catalog, processor_options, deduplicator, sink));

  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto work = [&](FileProcessor& processor) {
    try {
      for (size_t index = next++; index < inputs.size(); index = next++) {
        if (!skipped[index]) {
          outcomes[index] = processor.process(inputs[index]);
          records += outcomes[index].counts.records_read;
        }
        ++done;
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = inputs.size();
    }
  };
  std::vector<std::thread> workers;
  for (int i = 1; i < thread_count; ++i) workers.emplace_back(work, std::ref(*processors[i]));
  std::thread progress;
  std::atomic<bool> finished{false};
  if (options.show_progress) {
    progress = std::thread([&] {
      while (!finished) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        print_progress(done, inputs.size(), records,
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      }
      std::fputc('\n', stderr);
    });
  }
  work(*processors[0]);
  for (auto& worker : workers) worker.join();
  finished = true;
  if (progress.joinable()) progress.join();
  if (failure) std::rethrow_exception(failure);

  Aggregates totals(catalog, options.aggregates);
  for (auto& processor : processors) totals.merge(std::move(processor->aggregates()));
  RunCounts counts;
  counts.inputs_seen = int64_t(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (skipped[i]) ++counts.inputs_skipped;
    counts.merge(outcomes[i].counts);
  }
  ECOMFLOW_CHECK_EQ(counts.records_read, counts.valid + counts.quarantined() + counts.duplicates);

  int64_t run_id = 0;
  if (keep_history) {
    // One transaction: a run killed before the commit leaves the database as
    // it was, so the next run redoes exactly this work.
    with_transaction(*database, [&] {
      if (options.full_refresh) clear_pipeline_state(*database);
      run_id = begin_run(*database);
      for (size_t i = 0; i < inputs.size(); ++i) {
        if (skipped[i]) continue;
        const InputOutcome& outcome = outcomes[i];
        const int64_t file_id = record_file(*database, run_id, infos[i].path.string(), infos[i].size,
                                            infos[i].content_hash, outcome.counts.records_read);
        std::vector<SalesFactRow> facts;
        facts.reserve(outcome.purchases.size());
        for (const Event& event : outcome.purchases) {
          const Product& product = catalog.products()[event.product];
          facts.push_back({event.time, catalog.customers()[event.customer].id, product.id, event.quantity,
                           product.price});
        }
        insert_sales_facts(*database, file_id, facts);
      }
      insert_quarantine(*database, run_id, std::nullopt, sink.kept());
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      RunTotals run_totals;
      run_totals.status = counts.files_quarantined > 0 ? "partial" : "ok";
      run_totals.records_read = counts.records_read;
      run_totals.valid = counts.valid;
      run_totals.quarantined = counts.quarantined();
      run_totals.duplicates = counts.duplicates;
      run_totals.files_read = counts.files_read;
      run_totals.files_quarantined = counts.files_quarantined;
      run_totals.elapsed_seconds = elapsed;
      finish_run(*database, run_id, run_totals);
    });
    // The report covers every file processed so far, not just this run's.
    totals.sales = SalesState(catalog);
    replay_sales_facts(*database, catalog, totals.sales);
  }

  const std::vector<SalesRow> rows = totals.sales.rows();
  write_sales_reports(rows, options.reports_dir);
  write_analytics_reports(totals, catalog, options.reports_dir);
  // Cutting sessions sorts every event: do it once for the charts and the page.
  const SessionReport session_counts = totals.sessions.report(0);
  render_analytics_charts(totals, catalog, session_counts, options.reports_dir / "charts", options.chart_format);
  sink.commit();
  RunSummary summary;
  summary.run_id = run_id;
  summary.counts = counts;
  summary.totals = &totals;
  summary.threads = thread_count;
  summary.report_only = options.report_only;
  summary.reports_dir = options.reports_dir;
  summary.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  write_file_atomically(options.reports_dir / "run_summary.json", run_summary_json(summary));
  write_html_report(summary, totals, catalog, session_counts, options.reports_dir / "index.html");
  std::fputs(run_summary_text(summary).c_str(), stdout);

  if (counts.files_quarantined > 0) {
    spdlog::warn("{} input file(s) could not be read and were quarantined; see {}", counts.files_quarantined,
                 (options.reports_dir / "quarantine.ndjson").string());
    return int(ExitCode::kPartial);
  }
  return int(ExitCode::kOk);
}

}  // namespace ecomflow
