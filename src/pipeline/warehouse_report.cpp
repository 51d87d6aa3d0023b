#include "pipeline/warehouse_report.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

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

int render_warehouse_report(const WarehouseReportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const DatabaseUrl url = parse_database_url(options.database_url);
  if (url.backend == DatabaseUrl::Backend::kSqlite && url.sqlite_path != ":memory:" &&
      !std::filesystem::exists(url.sqlite_path)) {
    throw UserError(
        fmt::format("{} does not exist: load a warehouse with `ecomflow run` first", url.display_name()));
  }
  auto database = Database::open(options.database_url);
  if (!has_warehouse(*database)) {
    throw UserError(fmt::format("{} holds no warehouse yet: load one with `ecomflow run` first",
                                database->display_name()));
  }
  const Catalog catalog = read_catalog(*database);
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
  const auto runs = recent_runs(*database, 1);
  if (!runs.empty()) {
    const RunTotals& last = runs.front().totals;
    summary.run_id = runs.front().run_id;
    summary.counts.records_read = last.records_read;
    summary.counts.valid = last.valid;
    summary.counts.duplicates = last.duplicates;
    summary.counts.files_read = last.files_read;
    summary.counts.files_quarantined = last.files_quarantined;
    const QueryResult reasons = database->query(
        "SELECT reason, record_index < 0, COUNT(*) FROM quarantine WHERE run_id = $1 GROUP BY reason, "
        "record_index < 0",
        {std::to_string(summary.run_id)});
    for (const auto& row : reasons.rows) {
      const auto reason = row[0] ? parse_quarantine_reason(*row[0]) : std::nullopt;
      if (!reason || !row[2]) continue;
      const bool whole_file = row[1] && (*row[1] == "1" || *row[1] == "t" || *row[1] == "true");
      (whole_file ? summary.counts.file_problems_by_reason
                  : summary.counts.quarantined_by_reason)[int(*reason)] = std::stoll(*row[2]);
    }
  }
  summary.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const size_t files =
      publish_reports(summary, totals, catalog,
                      {options.reports_dir, options.chart_format, options.max_session_rows, options.threads});
  fmt::print("rendered {} files into {} from {} stored events ({} purchases, revenue {})\n", files,
             options.reports_dir.string(), events, totals.sales.purchases(),
             format_cents(totals.sales.revenue()));
  return int(ExitCode::kOk);
}

}  // namespace ecomflow
