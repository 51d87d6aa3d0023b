/// `ecomflow run`: the daily batch pipeline.

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/stop_signal.hpp"
#include "pipeline/batch_run.hpp"
#include "pipeline/warehouse_report.hpp"

namespace ecomflow {
namespace {

/// `--stages` without process: check and/or re-render what the database holds.
int run_stages_on_database(const BatchRunOptions& options, bool check, bool report) {
  int exit_code = 0;
  if (check) exit_code = run_database_checks(options.database_url, options.config_file, options.fail_on);
  if (report && exit_code == 0) {
    WarehouseReportOptions report_options{options.database_url, options.reports_dir, options.chart_format,
                                          options.aggregates, options.max_session_rows};
    report_options.currency = options.currency;
    exit_code = render_warehouse_report(report_options);
  }
  return exit_code;
}

/// Reports written inside the events directory would be read back as
/// input by every later run.
void reject_reports_inside_events(const std::filesystem::path& events, const std::filesystem::path& reports) {
  // Resolved through symlinks, so another spelling of the same place is caught too.
  const auto resolved = [](const std::filesystem::path& path) {
    std::error_code error;
    std::string text = std::filesystem::weakly_canonical(std::filesystem::absolute(path), error).string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    return text;
  };
  const std::string events_path = resolved(events);
  const std::string reports_path = resolved(reports);
  const bool inside = reports_path == events_path ||
                      (reports_path.size() > events_path.size() && reports_path.rfind(events_path, 0) == 0 &&
                       (events_path == "/" || reports_path[events_path.size()] == '/'));
  if (inside)
    throw UsageError(fmt::format(
        "--reports '{}' is inside --events '{}': later runs would read the reports back as input; "
        "choose a reports directory outside the events directory",
        reports.string(), events.string()));
}

}  // namespace

void add_run_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "run",
      "Run the batch pipeline: read every event archive under --events (and the order exports under\n"
      "--orders), validate, enrich with the catalog in --db, aggregate, and write reports. Incremental:\n"
      "files already in the ledger are skipped.");
  Settings& settings = context.settings;
  settings.add(*command, "events", "--events", "data",
               "directory of event files (*.zip, *.json, *.ndjson, *.csv)");
  settings.add(*command, "orders", "--orders", "",
               "directory of order exports (orders_<date>.csv + order_items_<date>.csv, as `generate "
               "--profile orders` writes them) loaded into fact_orders like the shop's orders; empty = none");
  settings.add(*command, "reports", "--reports", "reports", "directory for reports");
  settings.add(*command, "batch_size", "--batch-size", "8192",
               "events handed from validation to aggregation at once");
  settings.require_integer("batch_size", kMaxBatchSize);
  settings.add(*command, "max_quantity", "--max-quantity", "10000", "largest valid quantity of one event");
  settings.require_integer("max_quantity", 1'000'000'000);
  settings.add(*command, "earliest_date", "--earliest-date", "1970-01-01",
               "first UTC day an event timestamp may fall on; earlier ones are bad_timestamp");
  settings.add(*command, "latest_date", "--latest-date", "2099-12-31",
               "last UTC day an event timestamp may fall on; later ones are bad_timestamp");
  settings.add(*command, "max_inflated_mb", "--max-inflated-mb",
               std::to_string(InflateLimits{}.max_input_bytes >> 20),
               "MB one input file may inflate to, all archive levels together; past it, corrupt_archive");
  settings.require_integer("max_inflated_mb");
  settings.add(*command, "max_inflate_ratio", "--max-inflate-ratio",
               std::to_string(InflateLimits{}.max_ratio),
               "largest inflated/compressed size ratio of an archive entry or .gz file over 1 MB "
               "(0 = no limit); past it, corrupt_archive");
  settings.require_integer("max_inflate_ratio");
  settings.add(*command, "max_quarantined_record_kb", "--max-quarantined-record-kb",
               std::to_string(kDefaultMaxQuarantinedRecordBytes >> 10),
               "KB of raw text kept of one quarantined record; a longer record keeps its first part, "
               "marked raw_truncated with raw_original_bytes (whole files keep 4 KB)");
  settings.require_integer("max_quarantined_record_kb", 1 << 20);
  add_session_settings(*command, settings);
  settings.add(*command, "dedupe_memory", "--dedupe-memory",
               std::to_string(Deduplicator::kDefaultMemoryBudget >> 20),
               "MB of memory for the duplicate index; older days go to a temporary file in TMPDIR "
               "(0 = no limit)");
  settings.require_integer("dedupe_memory", kMaxMemoryMegabytes);
  settings.add(*command, "chart_format", "--chart-format", "png", "png|svg");
  settings.restrict_to("chart_format", {"png", "svg"});
  add_currency_setting(*command, settings);
  auto options = std::make_shared<BatchRunOptions>();
  command->add_flag("--report-only", options->report_only,
                    "compute and write reports only: no ledger, facts or history in the database");
  command->add_flag("--full-refresh", options->full_refresh,
                    "forget the ledger and recompute from all inputs");
  auto no_fact_events = std::make_shared<bool>(false);
  command->add_flag("--no-fact-events", *no_fact_events,
                    "do not load warehouse.fact_events (very large runs; sales facts are still loaded)");
  auto no_analytics = std::make_shared<bool>(false);
  command->add_flag(
      "--no-analytics", *no_analytics,
      "the sales report only: no funnel, session, trend, product or customer metrics, charts or HTML");
  auto no_checks = std::make_shared<bool>(false);
  command->add_flag("--no-checks", *no_checks, "skip the data-quality stage");
  auto fail_on = std::make_shared<std::string>("error");
  command
      ->add_option("--fail-on", *fail_on,
                   "quality level that withholds the reports: error|warn|never [error]")
      ->check(CLI::IsMember({"error", "warn", "never"}));
  auto backfill_from = std::make_shared<std::string>();
  auto backfill_to = std::make_shared<std::string>();
  command
      ->add_option("--from", *backfill_from, "backfill: first UTC day (YYYY-MM-DD) whose facts are replaced")
      ->type_name("DATE");
  command->add_option("--to", *backfill_to, "backfill: last UTC day (YYYY-MM-DD), inclusive; default --from")
      ->type_name("DATE");
  auto stages = std::make_shared<std::vector<std::string>>();
  command
      ->add_option("--stages", *stages,
                   "run only these stages, comma-separated, of connect,process,load,check,report "
                   "(e.g. check,report re-checks and re-renders from the database)")
      ->delimiter(',')
      ->check(CLI::IsMember({"connect", "process", "load", "check", "report"}));
  auto no_progress = std::make_shared<bool>(false);
  command->add_flag("--no-progress", *no_progress, "no progress line, even on a terminal");
  settings.add(*command, "wait_lock", "--wait-lock", "0",
               "seconds to wait while another run holds this database's run lock (0 = exit 7 at once)");
  settings.require_integer("wait_lock", 7 * 86400);
  command->callback([&context, options, no_progress, no_fact_events, no_checks, fail_on, no_analytics,
                     backfill_from, backfill_to, stages] {
    context.action = [&context, options, no_progress, no_fact_events, no_checks, fail_on, no_analytics,
                      backfill_from, backfill_to, stages] {
      const Settings& settings = context.settings;
      options->events_dir = settings.get("events");
      options->reports_dir = settings.get("reports");
      options->orders_dir = settings.get("orders");
      if (!options->orders_dir.empty() && !std::filesystem::is_directory(options->orders_dir))
        throw UsageError(fmt::format("--orders '{}' is not a directory", options->orders_dir.string()));
      options->database_url = settings.get("db");
      options->threads = int(settings.get_integer("threads"));
      options->batch_size = size_t(settings.get_integer("batch_size"));
      options->limits.max_quantity = settings.get_integer("max_quantity");
      options->aggregates = session_options(settings, options->max_session_rows);
      options->dedupe.memory_budget = size_t(settings.get_integer("dedupe_memory")) << 20;
      options->chart_format = settings.get("chart_format") == "svg" ? ChartFormat::kSvg : ChartFormat::kPng;
      options->currency = currency_setting(settings);
      if (options->batch_size == 0) throw UsageError("--batch-size must be at least 1");
      if (options->limits.max_quantity < 1) throw UsageError("--max-quantity must be at least 1");
      const auto earliest = parse_date(settings.get("earliest_date"));
      const auto latest = parse_date(settings.get("latest_date"));
      if (!earliest || !latest)
        throw UsageError("--earliest-date/--latest-date must be dates like 2023-10-23");
      if (*latest < *earliest) throw UsageError("--latest-date is before --earliest-date");
      options->limits.earliest_time = TimestampUs(*earliest) * kMicrosPerDay;
      options->limits.end_time = (TimestampUs(*latest) + 1) * kMicrosPerDay;
      const int64_t max_inflated_mb = settings.get_integer("max_inflated_mb");
      const int64_t max_inflate_ratio = settings.get_integer("max_inflate_ratio");
      if (max_inflated_mb < 1 || max_inflated_mb > int64_t(kMaxInflatedBytes >> 20))
        throw UsageError(fmt::format("--max-inflated-mb must be between 1 and {}", kMaxInflatedBytes >> 20));
      if (max_inflate_ratio < 0 || max_inflate_ratio > 1'000'000)
        throw UsageError("--max-inflate-ratio must be between 0 (no limit) and 1000000");
      options->inflate.max_input_bytes = uint64_t(max_inflated_mb) << 20;
      options->inflate.max_ratio = uint64_t(max_inflate_ratio);
      const int64_t max_quarantined_record_kb = settings.get_integer("max_quarantined_record_kb");
      if (max_quarantined_record_kb < 1) throw UsageError("--max-quarantined-record-kb must be at least 1");
      options->max_quarantined_record_bytes = size_t(max_quarantined_record_kb) << 10;
      options->config_file = settings.config_file();
      options->load_fact_events = !*no_fact_events;
      options->run_checks = !*no_checks;
      options->aggregates.analytics = !*no_analytics;
      options->fail_on = parse_fail_on(*fail_on);
      if (!backfill_from->empty() || !backfill_to->empty()) {
        const auto from = parse_date(backfill_from->empty() ? *backfill_to : *backfill_from);
        const auto to = parse_date(backfill_to->empty() ? *backfill_from : *backfill_to);
        if (!from || !to) throw UsageError("--from/--to must be dates like 2023-10-23");
        if (*to < *from) throw UsageError("--to is before --from");
        if (options->full_refresh || options->report_only)
          throw UsageError(
              "--from/--to (a backfill) cannot be combined with --full-refresh or --report-only");
        options->backfill = std::make_pair(*from, *to);
      }
      if (!stages->empty()) {
        const auto has = [&](const char* stage) {
          return std::find(stages->begin(), stages->end(), stage) != stages->end();
        };
        if (has("load") && !has("process")) throw UsageError("--stages: load needs process");
        if (!has("process")) return run_stages_on_database(*options, has("check"), has("report"));
        options->report_only = options->report_only || !has("load");
        options->run_checks = options->run_checks && has("check");
        options->publish = has("report");
      }
      options->show_progress = !*no_progress && isatty(STDERR_FILENO);
      options->wait_lock = std::chrono::seconds(settings.get_integer("wait_lock"));
      reject_reports_inside_events(options->events_dir, options->reports_dir);
      // SIGINT/SIGTERM: stop taking work, roll back, record the run, exit 128 + signal.
      install_stop_handlers();
      return run_batch(*options);
    };
  });
}

}  // namespace ecomflow
