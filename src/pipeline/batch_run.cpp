#include "pipeline/batch_run.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "ingest/discover.hpp"
#include "pipeline/load_stage.hpp"
#include "pipeline/process_stage.hpp"
#include "pipeline/publish.hpp"
#include "pipeline/warehouse_report.hpp"
#include "quality/quality_checks.hpp"
#include "store/catalog_store.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "store/warehouse_replay.hpp"
#include "store/warehouse_stage_runs.hpp"

namespace ecomflow {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Remembers each stage's timing and rows, written to pipeline_stage_runs
/// when the run keeps history.
class StageLog {
 public:
  void start(const std::string& stage) {
    current_ = StageRun{};
    current_.stage = stage;
    current_.started_at = now_utc();
    started_ = Clock::now();
  }
  void finish(std::optional<int64_t> rows_in, std::optional<int64_t> rows_out, std::string status = "ok") {
    current_.rows_in = rows_in;
    current_.rows_out = rows_out;
    current_.status = std::move(status);
    current_.duration_seconds = seconds_since(started_);
    spdlog::debug("stage {}: {:.3f} s", current_.stage, current_.duration_seconds);
    done_.push_back(current_);
  }
  void write(Database& database, int64_t run_id) {
    for (StageRun& stage : done_) {
      stage.run_id = run_id;
      record_stage_run(database, stage);
    }
  }

 private:
  StageRun current_;
  Clock::time_point started_;
  std::vector<StageRun> done_;
};

/// A 64-bit content hash of a whole file, as 16 hex digits; also its size.
/// Empty for a file that cannot be opened: the walk quarantines it, and the
/// ledger does not record it, so it is read again once it can be.
std::string hash_file(const std::filesystem::path& path, int64_t& size) {
  std::ifstream in(path, std::ios::binary);
  size = 0;
  if (!in) return {};
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

/// Opens the database; a PostgreSQL server that refuses or drops the
/// connection is retried three times with backoff (0.5, 1, 2 s), because a
/// restart or failover should not cost a day's run.
std::unique_ptr<Database> open_with_retry(const std::string& url) {
  const bool server = url.rfind("postgres", 0) == 0;
  for (int attempt = 1;; ++attempt) {
    try {
      return Database::open(url);
    } catch (const UsageError&) {
      throw;
    } catch (const UserError& error) {
      if (!server || attempt == 4) throw;
      const auto delay = std::chrono::milliseconds(250 << attempt);
      spdlog::warn("{} (attempt {} of 4; retrying in {} ms)", error.what(), attempt, delay.count());
      std::this_thread::sleep_for(delay);
    }
  }
}

}  // namespace

int run_batch(const BatchRunOptions& options) {
  const auto started = Clock::now();
  StageLog stages;
  const bool keep_history = !options.report_only;

  stages.start("connect");
  std::vector<std::filesystem::path> refused;
  const std::vector<std::filesystem::path> inputs = discover_inputs(options.events_dir, &refused);
  for (const auto& link : refused)
    spdlog::warn("not reading {}: a symbolic link that leads outside the events directory", link.string());
  if (inputs.empty())
    spdlog::warn(
        "no event files (*.zip, *.json, *.ndjson, *.csv, *.json.gz) in '{}': the report will be empty",
        options.events_dir.string());
  auto database = open_with_retry(options.database_url);
  if (keep_history) migrate(*database);
  const Catalog catalog = read_catalog(*database);
  if (catalog.customers().empty() || catalog.products().empty()) {
    throw UserError(fmt::format(
        "the catalog in {} has {} customers and {} products: load it with `ecomflow catalog import "
        "--customers FILE --products FILE` or `ecomflow generate`",
        database->display_name(), catalog.customers().size(), catalog.products().size()));
  }
  spdlog::info("catalog: {} customers, {} products from {}", catalog.customers().size(),
               catalog.products().size(), database->display_name());
  // The run is in the history from its start, so a run that dies shows up.
  const int64_t run_id = keep_history ? begin_run(*database) : 0;
  stages.finish(int64_t(inputs.size()), std::nullopt);

  stages.start("process");
  std::vector<LedgerInput> ledger_inputs(inputs.size());
  std::vector<bool> skipped(inputs.size(), false);
  for (size_t i = 0; i < inputs.size(); ++i) {
    ledger_inputs[i].path = inputs[i];
    if (!keep_history) continue;
    ledger_inputs[i].content_hash = hash_file(inputs[i], ledger_inputs[i].size);
    skipped[i] = !ledger_inputs[i].content_hash.empty() && !options.full_refresh && !options.backfill &&
                 find_processed(*database, inputs[i].string(), ledger_inputs[i].content_hash).has_value();
  }
  QuarantineSink sink(options.reports_dir / "quarantine.ndjson", keep_history);
  FileProcessor::Options processor_options{options.limits, options.batch_size, nullptr, options.backfill,
                                           options.aggregates, options.inflate};
  ProcessResult processed = process_inputs(inputs, skipped, catalog, processor_options, options.dedupe,
                                           options.threads, keep_history, sink, options.show_progress);
  processed.counts.inputs_refused = int64_t(refused.size());
  const RunCounts& counts = processed.counts;
  ECOMFLOW_CHECK_EQ(counts.records_read, counts.valid + counts.quarantined() + counts.duplicates);
  stages.finish(counts.records_read, counts.valid);

  Aggregates& totals = *processed.totals;
  if (keep_history) {
    stages.start("load");
    for (size_t i = 0; i < inputs.size(); ++i) ledger_inputs[i].counts = processed.per_input[i];
    LoadRequest request{run_id,
                        options.full_refresh,
                        options.load_fact_events,
                        catalog,
                        ledger_inputs,
                        skipped,
                        processed.spools,
                        sink,
                        counts,
                        seconds_since(started),
                        options.backfill};
    const LoadResult loaded = load_run(*database, request);
    stages.finish(counts.valid, loaded.warehouse.fact_events + loaded.warehouse.fact_sales);

    // Reports cover every file processed so far, not only this run's: sales
    // from the stored facts (at the price of their day), the other metrics
    // from the warehouse when earlier inputs were skipped.
    if ((counts.inputs_skipped > 0 || options.backfill) && options.load_fact_events) {
      Aggregates everything(catalog, options.aggregates);
      replay_fact_events(*database, catalog, [&](std::span<const Event> events) { everything.add(events); });
      everything.event_types = totals.event_types;  // the summary's counts stay this run's
      totals = std::move(everything);
    } else if (counts.inputs_skipped > 0) {
      spdlog::warn("analytics cover only this run's inputs: fact_events is not loaded (--no-fact-events)");
    }
    totals.sales = SalesState(catalog);
    replay_sales_facts(*database, catalog, totals.sales);
  }

  int exit_code = counts.files_quarantined > 0 ? int(ExitCode::kPartial) : int(ExitCode::kOk);
  if (keep_history && options.run_checks) {
    stages.start("check");
    const QualityReport quality = run_quality_checks(*database, load_checks(options.config_file), run_id);
    const bool blocked = quality.fails_at(options.fail_on);
    stages.finish(int64_t(quality.results.size()), int64_t(quality.errors() + quality.warnings()),
                  blocked ? "failed" : "ok");
    if (quality.errors() + quality.warnings() > 0) {
      spdlog::warn("data quality: {} error(s), {} warning(s); `ecomflow check` shows them", quality.errors(),
                   quality.warnings());
    }
    if (blocked) exit_code = int(ExitCode::kQualityFailed);
  }

  RunSummary summary;
  summary.run_id = run_id;
  summary.counts = counts;
  summary.totals = &totals;
  summary.threads = processed.threads;
  summary.report_only = options.report_only;
  summary.reports_dir = options.reports_dir;
  if (!options.publish) {
    spdlog::info("report stage not selected: nothing written under '{}'", options.reports_dir.string());
  } else if (exit_code == int(ExitCode::kQualityFailed)) {
    spdlog::error(
        "reports not published: a quality check failed at --fail-on level; the previous reports in '{}' "
        "stay in place",
        options.reports_dir.string());
  } else {
    stages.start("report");
    summary.elapsed_seconds = seconds_since(started);
    const size_t files = publish_reports(
        summary, totals, catalog,
        {options.reports_dir, options.chart_format, options.max_session_rows, options.threads});
    sink.commit();
    stages.finish(std::nullopt, int64_t(files));
  }
  summary.elapsed_seconds = seconds_since(started);
  std::fputs(run_summary_text(summary).c_str(), stdout);
  if (keep_history) stages.write(*database, run_id);

  if (counts.files_quarantined > 0) {
    spdlog::warn("{} input file(s) could not be read and were quarantined; see {}", counts.files_quarantined,
                 (options.reports_dir / "quarantine.ndjson").string());
  }
  return exit_code;
}

int run_database_checks(const std::string& database_url, const std::string& config_file, FailOn fail_on) {
  auto database = open_with_retry(database_url);
  const QualityReport quality = check_database(*database, config_file);
  fmt::print("data quality: {} checks, {} error(s), {} warning(s); `ecomflow check` shows them\n",
             quality.results.size(), quality.errors(), quality.warnings());
  return quality.fails_at(fail_on) ? int(ExitCode::kQualityFailed) : int(ExitCode::kOk);
}

}  // namespace ecomflow
