#pragma once
/// What a simulated sale day leaves under `reports/cyberday/`: summary.json,
/// the CSV tables, the eight charts (PNG), an HTML page, and the console
/// summary. Everything here is computed from the ledger alone, so the same
/// day always writes the same bytes.

#include <filesystem>
#include <string>
#include <vector>

#include "report/chart.hpp"
#include "simulate/event_plan.hpp"
#include "simulate/sale_ledger.hpp"

namespace ecomflow {

/// The day and how it was run.
struct SaleDay {
  const SaleLedger* ledger = nullptr;
  std::string currency = "USD";  ///< ISO 4217, from the catalog
  PlanOptions plan;
  TimestampUs end = 0;  ///< the clock at the last event
  std::string mode;     ///< "in-process, sqlite", "api http://…", … (console only)
  int64_t customers_created = 0;
};

/// One chart of the report and the file name it is written under (`name.png`).
struct SaleChart {
  std::string name;
  ChartSpec spec;
};

/// The eight charts: categories_distribution, price_distribution,
/// cart_events, top_selling_products, top_categories,
/// lost_revenue_by_category, stock_out_times, revenue_comparison.
std::vector<SaleChart> sale_charts(const SaleDay& day);

/// summary.json's text (money as exact decimal strings and minor units).
std::string sale_summary_json(const SaleDay& day);

/// Writes summary.json, products.csv, categories.csv,
/// lost_revenue_by_product.csv, lost_revenue_by_category.csv,
/// stock_out_times.csv, customers.csv, the charts and index.html into
/// `directory` (created). Throws UserError.
void write_sale_report(const SaleDay& day, const std::filesystem::path& directory);

/// The console summary: events, revenue, lost, success rate, conversion,
/// abandonment, products, categories, carts, customers, elapsed time.
std::string sale_console_summary(const SaleDay& day, double elapsed_seconds);

}  // namespace ecomflow
