#include "pipeline/batch_run.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/logging.hpp"
#include "core/stop_signal.hpp"
#include "core/written_manifest.hpp"
#include "ingest/discover.hpp"
#include "pipeline/load_stage.hpp"
#include "pipeline/order_export_stage.hpp"
#include "pipeline/process_stage.hpp"
#include "pipeline/publish.hpp"
#include "pipeline/report_state.hpp"
#include "pipeline/warehouse_report.hpp"
#include "quality/quality_checks.hpp"
#include "store/catalog_store.hpp"
#include "store/database_lock.hpp"
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
    set_log_field("stage", stage);
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

/// Whether input `index` holds content already processed: by an earlier
/// run (unless `reprocess`, for a full refresh or a backfill), or by an
/// earlier input of this run. Identity is size + content hash, not the
/// path, so `./data`, `data`, an absolute path, a symlink or a moved folder
/// are the same inputs. Says so in one info line.
bool already_processed(Database& database, const std::vector<LedgerInput>& inputs, size_t index,
                       bool reprocess) {
  const LedgerInput& input = inputs[index];
  for (size_t earlier = 0; earlier < index; ++earlier) {
    if (inputs[earlier].size == input.size && inputs[earlier].content_hash == input.content_hash) {
      spdlog::info("{}: same content as {} in this run: skipped", input.path.string(),
                   inputs[earlier].path.string());
      return true;
    }
  }
  if (reprocess) return false;
  const auto processed = find_processed(database, input.size, input.content_hash);
  if (!processed) return false;
  if (processed->path == input.path.string()) {
    spdlog::debug("{}: already processed in run {}: skipped", input.path.string(), processed->run_id);
  } else {
    spdlog::info("{}: same content as {}, already processed in run {}: skipped", input.path.string(),
                 processed->path, processed->run_id);
  }
  return true;
}

/// The check results as the page lists them.
std::vector<CheckLine> check_lines(const QualityReport& quality) {
  std::vector<CheckLine> lines;
  for (const CheckResult& result : quality.results)
    lines.push_back({result.spec.name, std::string(check_status_name(result.status)),
                     result.observation.value_text, result.threshold_text});
  return lines;
}

/// The names of the checks that fail at `level`, comma-separated.
std::string failing_check_list(const QualityReport& quality, FailOn level) {
  std::string names;
  for (const CheckResult& result : quality.results) {
    const bool fails = result.status == CheckStatus::kError ||
                       (level == FailOn::kWarn && result.status == CheckStatus::kWarn);
    if (fails) names += (names.empty() ? "" : ", ") + result.spec.name;
  }
  return names;
}

std::string_view fail_on_name(FailOn level) {
  return level == FailOn::kWarn ? "warn" : level == FailOn::kNever ? "never" : "error";
}

/// Opens the database; a PostgreSQL server that refuses or drops the
/// connection is retried three times with backoff (0.5, 1, 2 s), because a
/// restart or failover should not cost a day's run.
std::unique_ptr<Database> open_with_retry(const std::string& url) {
  const bool server = url.rfind("postgres", 0) == 0;
  for (int attempt = 1;; ++attempt) {
    try {
      return Database::open(url, OpenMode::kExisting);
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

/// The run lock of the database, waiting up to `wait` for a run that holds
/// it. Throws UserError (exit 7) naming the run that holds it.
DatabaseLock take_run_lock(Database& database, std::chrono::seconds wait) {
  if (wait.count() > 0 && DatabaseLock::held_elsewhere(database, DatabaseLockRole::kRun))
    spdlog::info("another run holds the lock on {}: waiting up to {} s", database.display_name(),
                 wait.count());
  if (auto lock = DatabaseLock::acquire(database, DatabaseLockRole::kRun, wait)) return std::move(*lock);
  std::string holder;
  try {
    if (database.table_exists("pipeline_runs"))
      if (const auto run = unfinished_run(database))
        holder = fmt::format(" (run {}, started {})", run->run_id, run->started_at);
  } catch (const UserError&) {
    // Naming the holder is a courtesy; the lock is what counts.
  }
  throw UserError(
      fmt::format("another `ecomflow run` is using {}{}; not starting a second one over the same inputs. "
                  "Try again when it has finished, or pass --wait-lock SECONDS to wait for it",
                  database.display_name(), holder),
      ExitCode::kLocked);
}

/// Records a run that did not get to the end, saying what it left behind,
/// and returns the error to report with the same consequence.
UserError record_failed_run(Database& database, int64_t run_id, const std::exception& error, bool loaded,
                            double elapsed_seconds) {
  const std::string message = fmt::format(
      "{}; {}", error.what(),
      loaded ? "the load had committed (the warehouse holds this run's inputs), reports not published"
             : "nothing was loaded or published");
  try {
    end_run(database, run_id, "failed", message, elapsed_seconds);
  } catch (const std::exception& lost) {
    // The database itself may be what failed: the next run marks this one.
    spdlog::warn("could not record run {} as failed: {}", run_id, lost.what());
  }
  const auto* user_error = dynamic_cast<const UserError*>(&error);
  return UserError(message, user_error != nullptr ? user_error->code() : ExitCode::kFatal);
}

/// What the stages after connect share.
struct ConnectedRun {
  const BatchRunOptions& options;
  StageLog& stages;
  Clock::time_point started;
  Database& database;
  const Catalog& catalog;
  Currency currency;  ///< money on the console, the charts and the page
  const std::vector<std::filesystem::path>& inputs;
  int64_t run_id;
  int64_t inputs_refused;  ///< symbolic links leading outside the events directory, not read
  bool loaded = false;     ///< the load transaction committed
};

/// process, load, check and report; returns the exit code.
int run_after_connect(ConnectedRun& run) {
  const BatchRunOptions& options = run.options;
  StageLog& stages = run.stages;
  const auto started = run.started;
  Database& database = run.database;
  const Catalog& catalog = run.catalog;
  const std::vector<std::filesystem::path>& inputs = run.inputs;
  const int64_t run_id = run.run_id;
  const bool keep_history = !options.report_only;

  stages.start("process");
  std::vector<LedgerInput> ledger_inputs(inputs.size());
  std::vector<bool> skipped(inputs.size(), false);
  for (size_t i = 0; i < inputs.size(); ++i) {
    ledger_inputs[i].path = inputs[i];
    if (!keep_history) continue;
    throw_if_stopped("while reading the ledger");
    ledger_inputs[i].content_hash = hash_file(inputs[i], ledger_inputs[i].size);
    // An unreadable file has no hash: the walk quarantines it, and it is read again once it can be.
    skipped[i] = !ledger_inputs[i].content_hash.empty() &&
                 already_processed(database, ledger_inputs, i, options.full_refresh || options.backfill);
  }
  QuarantineSink sink(options.reports_dir / "quarantine.ndjson", keep_history);
  FileProcessor::Options processor_options{options.limits,   options.batch_size, nullptr,
                                           options.backfill, options.aggregates, options.inflate};
  processor_options.max_quarantined_record_bytes = options.max_quarantined_record_bytes;
  ProcessResult processed = process_inputs(inputs, skipped, catalog, processor_options, options.dedupe,
                                           options.threads, keep_history, sink, options.show_progress);
  processed.counts.inputs_refused = run.inputs_refused;
  throw_if_stopped("while processing");
  const RunCounts& counts = processed.counts;
  ECOMFLOW_CHECK_EQ(counts.records_read, counts.valid + counts.quarantined() + counts.duplicates);
  stages.finish(counts.records_read, counts.valid);

  std::optional<OrderExportInputs> order_exports;
  if (!options.orders_dir.empty() && !keep_history) {
    spdlog::warn("--report-only: the order exports in '{}' are not read (they load the warehouse)",
                 options.orders_dir.string());
  } else if (!options.orders_dir.empty()) {
    stages.start("orders");
    order_exports = read_order_exports(database, options.orders_dir, catalog, options.limits,
                                       options.full_refresh || options.backfill.has_value());
    const RunCounts& order_counts = order_exports->read.counts;
    ECOMFLOW_CHECK_EQ(order_counts.records_read,
                      order_counts.valid + order_counts.quarantined() + order_counts.duplicates);
    sink.add(order_exports->read.quarantined);
    stages.finish(order_counts.records_read, order_counts.valid);
  }

  Aggregates& totals = *processed.totals;
  // run_summary.json counts this run's events; every report shows all data.
  const EventTypeCounts run_event_types = totals.event_types;
  bool facts_only_added = false;  // the load kept every stored fact: checks need see only its rows
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
                        options.backfill,
                        order_exports ? &*order_exports : nullptr,
                        &totals};
    const LoadResult loaded = load_run(database, request);
    run.loaded = true;
    stages.finish(counts.valid, loaded.warehouse.fact_events + loaded.warehouse.fact_sales);
    throw_if_stopped("after the load");

    // Reports cover every file processed so far, not only this run's: sales
    // from the stored facts (at the price of their day), the other metrics
    // from the warehouse when earlier inputs were skipped.
    const bool earlier_data = counts.inputs_skipped > 0 || options.backfill ||
                              (!options.full_refresh && has_files_of_other_runs(database, run_id));
    // The checkpoint the load stored covers them all: add nothing but its
    // counters and its session log. Without one, replay every stored fact
    // and store a checkpoint for the next run.
    if (loaded.checkpoint) {
      facts_only_added = true;
      if (earlier_data)
        totals = aggregates_from_checkpoint(database, catalog, options.aggregates, *loaded.checkpoint);
      spdlog::debug("reports: brought the stored checkpoint forward by this run's events");
    } else if (options.load_fact_events) {
      spdlog::info("reports: replaying every stored fact ({})", loaded.checkpoint_refused);
      totals = replay_into_checkpoint(database, catalog, options.aggregates, run_id);
    } else {
      if (earlier_data)
        spdlog::warn("analytics cover only this run's inputs: fact_events is not loaded (--no-fact-events)");
      totals.sales = SalesState(catalog);
      replay_sales_facts(database, catalog, totals.sales);
    }
  }

  const bool unreadable_files =
      counts.files_quarantined > 0 || (order_exports && order_exports->read.counts.files_quarantined > 0);
  int exit_code = unreadable_files ? int(ExitCode::kPartial) : int(ExitCode::kOk);
  std::string failing_checks;
  std::optional<std::vector<CheckLine>> checks;
  if (keep_history && options.run_checks) {
    stages.start("check");
    const QualityReport quality =
        run_quality_checks(database, load_checks(options.config_file), run_id, facts_only_added);
    const bool blocked = quality.fails_at(options.fail_on);
    stages.finish(int64_t(quality.results.size()), int64_t(quality.errors() + quality.warnings()),
                  blocked ? "failed" : "ok");
    if (quality.errors() + quality.warnings() > 0) {
      spdlog::warn("data quality: {} error(s), {} warning(s); `ecomflow check` shows them", quality.errors(),
                   quality.warnings());
    }
    checks = check_lines(quality);
    if (blocked) {
      exit_code = int(ExitCode::kQualityFailed);
      failing_checks = failing_check_list(quality, options.fail_on);
    }
  }

  RunSummary summary;
  summary.run_id = run_id;
  summary.counts = counts;
  summary.totals = &totals;
  summary.threads = processed.threads;
  summary.report_only = options.report_only;
  summary.reports_dir = options.reports_dir;
  summary.currency = run.currency;
  summary.run_event_types = run_event_types;
  if (order_exports)
    summary.orders = OrderExportSummary{order_exports->read.counts, order_exports->loaded.orders_added,
                                        order_exports->loaded.lines_added, order_exports->loaded.seconds};
  summary.checks = std::move(checks);
  summary.generated_at = format_timestamp(now_utc() / kMicrosPerSecond * kMicrosPerSecond);
  std::string published;  // what the run history says was published
  if (!options.publish) {
    summary.reports_withheld = "report stage not selected";
    spdlog::info("report stage not selected: nothing written under '{}'", options.reports_dir.string());
    published = "report stage not selected: nothing published";
  } else if (exit_code == int(ExitCode::kQualityFailed)) {
    summary.reports_withheld = "failing checks: " + failing_checks;
    spdlog::error("reports withheld: {} failed at --fail-on {}; `ecomflow check` shows why", failing_checks,
                  fail_on_name(options.fail_on));
    published = fmt::format("reports withheld: {} failed; the previous reports stay", failing_checks);
  } else {
    throw_if_stopped("before publishing the reports");
    stages.start("report");
    summary.elapsed_seconds = seconds_since(started);
    const size_t files = publish_reports(
        summary, totals, catalog,
        {options.reports_dir, options.chart_format, options.max_session_rows, options.threads});
    sink.commit();
    record_written_files(options.reports_dir, {options.reports_dir / "quarantine.ndjson"});
    stages.finish(std::nullopt, int64_t(files));
    published = fmt::format("published {} report file(s) to '{}'", files + 1, options.reports_dir.string());
  }
  summary.elapsed_seconds = seconds_since(started);
  std::fputs(run_summary_text(summary).c_str(), stdout);
  if (keep_history) {
    stages.write(database, run_id);
    // One elapsed time everywhere: the whole run's, as the console shows it.
    end_run(database, run_id, unreadable_files ? "partial" : "ok", run_message(counts) + "; " + published,
            summary.elapsed_seconds);
  }

  if (counts.files_quarantined > 0) {
    spdlog::warn("{} input file(s) could not be read and were quarantined; see {}", counts.files_quarantined,
                 (options.reports_dir / "quarantine.ndjson").string());
  }
  set_log_field("stage", "");
  set_log_field("records_read", counts.records_read);
  set_log_field("valid", counts.valid);
  set_log_field("quarantined", counts.quarantined());
  set_log_field("duplicates", counts.duplicates);
  set_log_field("files_quarantined", counts.files_quarantined);
  set_log_field("exit_code", exit_code);
  spdlog::info("run finished: {} records read, {} valid, {} quarantined, {} duplicates", counts.records_read,
               counts.valid, counts.quarantined(), counts.duplicates);
  return exit_code;
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
  // Two runs over the same new inputs would both load them: runs that
  // write the database take turns. The lock lives in the database, so it
  // holds across machines and dies with its process.
  std::optional<DatabaseLock> run_lock;
  if (keep_history) {
    run_lock.emplace(take_run_lock(*database, options.wait_lock));
    migrate(*database);
    // Holding the lock, no live run owns an unfinished row.
    for (const int64_t stale : fail_unfinished_runs(*database))
      spdlog::warn("run {} never finished (it crashed, was killed or lost its database): marked failed",
                   stale);
  }
  if (const size_t removed = remove_abandoned_temporaries(options.reports_dir))
    spdlog::info("removed {} temporary file(s) left in '{}' by a run that was killed", removed,
                 options.reports_dir.string());
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
  if (keep_history) set_log_field("run_id", run_id);
  stages.finish(int64_t(inputs.size()), std::nullopt);
  ConnectedRun run{options,   stages,  started,
                   *database, catalog, shown_currency(options.currency, *database),
                   inputs,    run_id,  int64_t(refused.size())};
  try {
    return run_after_connect(run);
  } catch (const std::exception& error) {
    if (!keep_history) throw;
    throw record_failed_run(*database, run_id, error, run.loaded, seconds_since(started));
  }
}

int run_database_checks(const std::string& database_url, const std::string& config_file, FailOn fail_on) {
  auto database = open_with_retry(database_url);
  const QualityReport quality = check_database(*database, config_file);
  fmt::print("data quality: {} checks, {} error(s), {} warning(s); `ecomflow check` shows them\n",
             quality.results.size(), quality.errors(), quality.warnings());
  return quality.fails_at(fail_on) ? int(ExitCode::kQualityFailed) : int(ExitCode::kOk);
}

}  // namespace ecomflow
