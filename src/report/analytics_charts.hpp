#pragma once
/// The shop analytics as charts: one ChartSpec per question a reader asks
/// (what sells, who buys, when, how far the funnel goes), rendered into
/// `reports/charts/` and reused inline by the HTML report.
///
///   categories_distribution   products per catalog category (bars)
///   price_distribution        catalog list prices (histogram)
///   top_selling_products      top 10 products by units sold (horizontal bars)
///   revenue_comparison        revenue per category, one bar per customer segment
///   conversion_funnel         [page_view →] view_product → add_to_cart → purchase events, step conversion
///   hourly_traffic            events and purchases per UTC hour of day (lines)
///   daily_revenue             revenue per UTC day (line; days without data are gaps), the peak day marked
///   cart_abandonment          products most often left in abandoned carts (horizontal bars)
///   session_duration          sessions by length (histogram)

#include <filesystem>
#include <string>
#include <vector>

#include "aggregate/aggregates.hpp"
#include "aggregate/session_report.hpp"
#include "core/currency.hpp"
#include "report/chart.hpp"

namespace ecomflow {

/// One chart of the analytics set: its file stem and what to draw.
struct AnalyticsChart {
  std::string name;  ///< file stem, e.g. `daily_revenue`
  ChartSpec spec;
};

/// The charts drawn from the aggregates alone, in the order listed above:
/// every chart but conversion_funnel, cart_abandonment and session_duration.
/// They can be drawn before the sessions are cut.
/// Money is written in `currency`.
std::vector<AnalyticsChart> traffic_charts(const Aggregates& aggregates, const Catalog& catalog,
                                           const Currency& currency = {});

/// conversion_funnel, cart_abandonment and session_duration, which need the
/// session report of `aggregates.sessions` (not its per-session rows).
constexpr size_t kSessionChartCount = 3;
std::vector<AnalyticsChart> session_charts(const Aggregates& aggregates, const Catalog& catalog,
                                           const SessionReport& sessions, const Currency& currency = {});

/// Every analytics chart, in the order listed above. `sessions` is the report
/// of `aggregates.sessions` (its per-session rows are not needed).
std::vector<AnalyticsChart> analytics_charts(const Aggregates& aggregates, const Catalog& catalog,
                                             const SessionReport& sessions, const Currency& currency = {});

/// Where a chart of the set is written: `<charts_dir>/<name>.png` or `.svg`.
std::filesystem::path analytics_chart_file(const std::filesystem::path& charts_dir,
                                           const AnalyticsChart& chart, ChartFormat format);

/// Renders every analytics chart into `charts_dir` as `<name>.png` or
/// `<name>.svg`, each atomically. Returns the files written. Throws UserError.
std::vector<std::filesystem::path> render_analytics_charts(const Aggregates& aggregates,
                                                           const Catalog& catalog,
                                                           const std::filesystem::path& charts_dir,
                                                           ChartFormat format, const Currency& currency = {});

/// The same, from an already computed session report (cutting sessions costs a sort of every event).
std::vector<std::filesystem::path> render_analytics_charts(const Aggregates& aggregates,
                                                           const Catalog& catalog,
                                                           const SessionReport& sessions,
                                                           const std::filesystem::path& charts_dir,
                                                           ChartFormat format, const Currency& currency = {});

}  // namespace ecomflow
