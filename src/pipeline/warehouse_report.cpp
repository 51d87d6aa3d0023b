#include "pipeline/warehouse_report.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/error.hpp"
#include "pipeline/publish.hpp"
#include "store/catalog_store.hpp"
#include "store/database_url.hpp"
#include "store/ledger_store.hpp"
#include "store/warehouse_replay.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {

void replay_sales_facts(Database& database, const Catalog& catalog, SalesState& sales) {
  for_each_sales_fact(database, [&](const SalesFactRow& fact) {
    const auto customer = catalog.find_customer(fact.customer_id);
    const auto product = catalog.find_product(fact.product_id);
    if (!customer || !product) {
      throw UserError(
          fmt::format("stored sales fact refers to {} / {}, which are no longer in the catalog; "
                      "restore them or run with --full-refresh",
                      fact.customer_id, fact.product_id));
    }
    sales.add_purchase(*customer, *product, fact.quantity, fact.unit_price_cents);
  });
}

namespace {

/// The accounting of `run` exactly as stored. Runs recorded before
/// migration 007 lack the inputs, bytes and reasons: the reasons are then
/// counted from the run's quarantine rows (a file-level problem has no
/// record index), the rest stays 0.
RunCounts stored_accounting(Database& database, const RunRecord& run) {
  RunCounts counts;
  const RunTotals& stored = run.totals;
  counts.records_read = stored.records_read;
  counts.valid = stored.valid;
  counts.duplicates = stored.duplicates;
  counts.files_read = stored.files_read;
  counts.files_quarantined = stored.files_quarantined;
  if (stored.inputs) {
    counts.inputs_seen = stored.inputs->inputs_seen;
    counts.inputs_skipped = stored.inputs->inputs_skipped;
    counts.bytes_read = stored.inputs->bytes_read;
    counts.bytes_decoded = stored.inputs->bytes_decoded;
    std::copy(stored.inputs->quarantined_by_reason.begin(), stored.inputs->quarantined_by_reason.end(),
              counts.quarantined_by_reason);
    std::copy(stored.inputs->file_problems_by_reason.begin(), stored.inputs->file_problems_by_reason.end(),
              counts.file_problems_by_reason);
    return counts;
  }
  const QueryResult reasons = database.query(
      "SELECT reason, record_index IS NULL, COUNT(*) FROM quarantine WHERE run_id = $1 GROUP BY reason, "
      "record_index IS NULL",
      {std::to_string(run.run_id)});
  for (const auto& row : reasons.rows) {
    const auto reason = row[0] ? parse_quarantine_reason(*row[0]) : std::nullopt;
    if (!reason || !row[2]) continue;
    const bool whole_file = row[1] && (*row[1] == "1" || *row[1] == "t" || *row[1] == "true");
    (whole_file ? counts.file_problems_by_reason : counts.quarantined_by_reason)[int(*reason)] =
        std::stoll(*row[2]);
  }
  return counts;
}

/// The latest batch of stored check results; nullopt when none is stored.
std::optional<std::vector<CheckLine>> stored_checks(Database& database) {
  if (!database.table_exists("quality_results")) return std::nullopt;
  const QueryResult result = database.query(
      "SELECT check_name, status, observed, threshold, failing_rows FROM quality_results "
      "WHERE batch_id = (SELECT MAX(batch_id) FROM quality_results) ORDER BY result_id");
  if (result.rows.empty()) return std::nullopt;
  std::vector<CheckLine> lines;
  for (const auto& row : result.rows) {
    std::string observed = row[2].value_or("");
    if (row[4]) observed = fmt::format("{} row{}", *row[4], *row[4] == "1" ? "" : "s");
    lines.push_back({row[0].value_or(""), row[1].value_or(""), observed, row[3].value_or("")});
  }
  return lines;
}

}  // namespace

int render_warehouse_report(const WarehouseReportOptions& options) {
  auto database = Database::open(options.database_url, OpenMode::kExisting);
  if (!has_warehouse(*database)) {
    throw UserError(fmt::format("{} holds no warehouse yet: load one with `ecomflow run` first",
                                database->display_name()));
  }
  const Catalog catalog = read_catalog(*database);
  const Currency currency = shown_currency(options.currency, *database);
  Aggregates totals(catalog, options.aggregates);
  int64_t skipped = 0;
  const int64_t events = replay_fact_events(
      *database, catalog, [&](std::span<const Event> batch) { totals.add(batch); }, &skipped);
  if (skipped > 0)
    spdlog::warn("{} stored events name customers or products no longer in the catalog", skipped);
  totals.sales = SalesState(catalog);
  for_each_sales_fact(*database, [&](const SalesFactRow& fact) {
    const auto customer = catalog.find_customer(fact.customer_id);
    const auto product = catalog.find_product(fact.product_id);
    if (customer && product)
      totals.sales.add_purchase(*customer, *product, fact.quantity, fact.unit_price_cents);
  });

  RunSummary summary;
  summary.totals = &totals;
  summary.reports_dir = options.reports_dir;
  summary.currency = currency;
  const auto runs = recent_runs(*database, 1);
  if (!runs.empty()) summary.counts = stored_accounting(*database, runs.front());
  if (!runs.empty()) summary.run_id = runs.front().run_id;
  summary.checks = stored_checks(*database);
  summary.generated_at = format_timestamp(now_utc() / kMicrosPerSecond * kMicrosPerSecond);
  // The page describes the run, not this rendering: its elapsed time is the run's.
  summary.elapsed_seconds = runs.empty() ? 0.0 : runs.front().totals.elapsed_seconds;
  const size_t files =
      publish_reports(summary, totals, catalog,
                      {options.reports_dir, options.chart_format, options.max_session_rows, options.threads});
  fmt::print("rendered {} files into {} from {} stored events ({} purchases, revenue {} {})\n", files,
             options.reports_dir.string(), events, totals.sales.purchases(),
             format_currency_amount(totals.sales.revenue(), currency), currency.code);
  return int(ExitCode::kOk);
}

}  // namespace ecomflow
