#pragma once
/// `ecomflow report`: the reports, charts and HTML page re-rendered from what
/// the database already holds, without reading any event file.

#include <filesystem>
#include <optional>
#include <string>

#include "aggregate/aggregates.hpp"
#include "core/currency.hpp"
#include "report/chart.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// What to render and where.
struct WarehouseReportOptions {
  std::string database_url;
  std::filesystem::path reports_dir = "reports";
  ChartFormat chart_format = ChartFormat::kPng;
  AggregateOptions aggregates;
  size_t max_session_rows = 100'000;  ///< rows of sessions.csv (counts cover every session)
  int threads = 1;                    ///< threads that cut sessions and render the files
  std::optional<Currency> currency;   ///< money in the charts and the page; unset: the catalog's
};

/// Rebuilds the sales state from every stored fact, at the price each
/// purchase was made at. Throws UserError when a fact names a customer or
/// product no longer in the catalog (restore it, or run --full-refresh).
void replay_sales_facts(Database& database, const Catalog& catalog, SalesState& sales);

/// Rebuilds every metric from warehouse.fact_events (sales from the stored
/// facts, at the price of their day) and publishes the reports. Throws
/// UserError when the database holds no warehouse yet. Returns the exit code.
int render_warehouse_report(const WarehouseReportOptions& options);

}  // namespace ecomflow
