#pragma once
/// The shop analytics as CSV files, next to `sales_report.csv`. Headers
/// (one line per file; money has two decimals, rates four, times are
/// ISO-8601 UTC with `Z`, dates `YYYY-MM-DD`):
///
///   funnel.csv                 scope,key,view_product,add_to_cart,purchase,view_to_cart_rate,
///                              cart_to_purchase_rate,view_to_purchase_rate,sessions,sessions_viewed,
///                              sessions_added,sessions_purchased,session_conversion_rate
///                              (scope overall | category | day; key empty | category | date)
///   sessions.csv               customer_id,session_key,start,end,duration_seconds,events,products_viewed,
///                              products_added,products_purchased,units,revenue,converted,bounced,abandoned,
///                              abandoned_value (at most `--session-rows` rows, 100,000 by default: the
///                              first sessions in customer_id order, each customer's by start; the row
///                              limit is logged when hit)
///   session_distribution.csv   measure,lower,upper,sessions,share,mean,min,max
///                              (measure duration_seconds | events; bins [lower, upper), upper empty = open)
///   cart_abandonment.csv       scope,key,sessions,cart_sessions,converted_cart_sessions,abandoned_sessions,
///                              abandonment_rate,abandoned_value (scope overall | category | day)
///   abandoned_products.csv     rank,product_id,product_name,category,abandoned_sessions,abandoned_units,
///                              abandoned_value
///   hourly_trends.csv          hour,<traffic>
///   daily_trends.csv           date,weekday,<traffic>,peak_by_events,peak_by_revenue
///   weekly_trends.csv          iso_week,week_start,<traffic>
///   weekday_trends.csv         weekday,weekday_name,days,<traffic>,events_per_day,revenue_per_day
///       where <traffic> = events,page_view,view_product,add_to_cart,remove_from_cart,purchase,units,
///                         revenue,conversion_rate
///   product_performance.csv    product_id,product_name,category,price,views,add_to_cart,remove_from_cart,
///                              purchases,units,revenue,view_to_cart_rate,cart_to_purchase_rate,
///                              rank_by_units,rank_by_revenue
///   customer_metrics.csv       customer_id,segment,orders,units,revenue,average_order_value,first_purchase,
///                              last_purchase,recency_days,recency_score,frequency_score,monetary_score,
///                              rfm_score,rfm_segment
///   segment_revenue.csv        segment,customers,purchasing_customers,orders,units,revenue,revenue_share,
///                              average_order_value
///   catalog_categories.csv     category,products,min_price,average_price,max_price,stock
///   price_distribution.csv     lower,upper,products,share

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/aggregates.hpp"
#include "aggregate/session_state.hpp"
#include "core/atomic_file.hpp"

namespace ecomflow {

class CsvWriter;

/// One report file: its name in the reports directory and its text.
struct CsvFile {
  std::string name;
  std::string text;
};

/// What writes one analytics file.
struct AnalyticsCsvWriter {
  std::string_view name;  ///< in the reports directory
  bool needs_sessions;    ///< reads the session report (the others read only the aggregates)
  std::function<void(CsvWriter&)> write;
  /// Set for a file of many rows: writes part `part` of `parts` (part 0 with
  /// the header), the parts together being what write() writes, so that
  /// they can be formatted side by side (PartedCsvFile).
  std::function<void(CsvWriter&, size_t part, size_t parts)> write_part = nullptr;
};

/// A writer per analytics file, in the order listed above, so that the files
/// can be written side by side and those without `needs_sessions` before
/// the session report exists. The writers refer to the arguments, which must
/// outlive them; `sessions` is read only when a writer runs.
std::vector<AnalyticsCsvWriter> analytics_csv_writers(const Aggregates& aggregates, const Catalog& catalog,
                                                      const SessionReport& sessions);

/// Writes one file into `reports_dir` atomically (with `files`, as part of
/// it); returns its path. Throws UserError.
std::filesystem::path write_analytics_csv(const AnalyticsCsvWriter& file,
                                          const std::filesystem::path& reports_dir,
                                          AtomicFileSet* files = nullptr);

/// Every analytics file, in the order listed above.
std::vector<CsvFile> analytics_csv_files(const Aggregates& aggregates, const Catalog& catalog,
                                         size_t max_session_rows = kDefaultMaxSessionRows);

/// Writes every analytics file into `reports_dir`, each atomically. Returns the files written.
std::vector<std::filesystem::path> write_analytics_reports(const Aggregates& aggregates,
                                                           const Catalog& catalog,
                                                           const std::filesystem::path& reports_dir);

/// The same from an already cut session report, so that one report (with
/// kDefaultMaxSessionRows rows) serves the CSVs, the charts and the HTML page:
/// cutting sessions sorts every event. With `files`, the files are written as part of it.
std::vector<std::filesystem::path> write_analytics_reports(const Aggregates& aggregates,
                                                           const Catalog& catalog,
                                                           const SessionReport& sessions,
                                                           const std::filesystem::path& reports_dir,
                                                           AtomicFileSet* files = nullptr);

}  // namespace ecomflow
