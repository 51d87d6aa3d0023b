#include "report/analytics_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

#include "aggregate/catalog_profile.hpp"
#include "core/error.hpp"
#include "report/number_format.hpp"

namespace ecomflow {
namespace {

constexpr size_t kTopProducts = 10;

std::string weekday_short(DayNumber day) {
  static const char* const kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return kNames[iso_weekday(day) - 1];
}

/// `Oct 23` when every day falls in one year (the axis title names it), else the ISO date.
std::vector<std::string> day_labels(const std::vector<DayTraffic>& days, bool one_year) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::vector<std::string> labels;
  for (const DayTraffic& day : days) {
    const CivilDate date = civil_from_days(day.day);
    labels.push_back(one_year ? fmt::format("{} {}", kMonths[date.month - 1], date.day)
                              : format_date(day.day));
  }
  return labels;
}

/// Product names as row labels; a name shared by two listed products gets its id.
std::vector<std::string> product_labels(const Catalog& catalog, const std::vector<uint32_t>& products) {
  std::map<std::string_view, int> uses;
  for (uint32_t product : products) ++uses[catalog.products()[product].name];
  std::vector<std::string> labels;
  for (uint32_t product : products) {
    const Product& row = catalog.products()[product];
    labels.push_back(uses[row.name] > 1 || row.name.empty() ? fmt::format("{} ({})", row.name, row.id)
                                                            : row.name);
  }
  return labels;
}

/// Fills a histogram from bins [lower, upper), dropping empty bins at the
/// ends. An open last bin (upper INT64_MAX) is closed at the largest value seen.
void fill_histogram(ChartSpec& spec, std::vector<int64_t> lowers, std::vector<int64_t> uppers,
                    std::vector<int64_t> counts, int64_t largest) {
  size_t first = 0, last = counts.size();
  while (first < last && counts[first] == 0) ++first;
  while (last > first && counts[last - 1] == 0) --last;
  spec.series = {{spec.value_title, {}}};
  if (first == last) return;
  for (size_t i = first; i < last; ++i) {
    spec.bin_edges.push_back(double(lowers[i]));
    spec.series[0].values.push_back(double(counts[i]));
  }
  const int64_t upper =
      uppers[last - 1] == INT64_MAX ? std::max(largest, lowers[last - 1] + 1) : uppers[last - 1];
  spec.bin_edges.push_back(double(upper));
}

AnalyticsChart categories_distribution(const Catalog& catalog) {
  std::vector<CategoryProfile> profiles = category_profiles(catalog);
  std::stable_sort(profiles.begin(), profiles.end(), [](const CategoryProfile& a, const CategoryProfile& b) {
    return a.products > b.products;
  });
  ChartSpec spec;
  spec.kind = ChartKind::kBar;
  spec.title = "Products per category";
  spec.subtitle = fmt::format("{} products in {} categories",
                              format_integer(int64_t(catalog.products().size())), profiles.size());
  spec.category_title = "Category";
  spec.value_title = "Products";
  spec.series = {{"Products", {}}};
  for (const CategoryProfile& profile : profiles) {
    spec.categories.push_back(profile.category);
    spec.series[0].values.push_back(double(profile.products));
  }
  return {"categories_distribution", spec};
}

/// Money in `spec` written in `currency`.
void use_currency(ChartSpec& spec, const Currency& currency) {
  spec.money_symbol = currency.symbol;
  spec.money_digits = currency.minor_digits;
}

AnalyticsChart price_distribution_chart(const Catalog& catalog, const Currency& currency) {
  ChartSpec spec;
  spec.kind = ChartKind::kHistogram;
  spec.title = "Catalog price distribution";
  spec.category_title = fmt::format("List price ({})", currency.code);
  use_currency(spec, currency);
  spec.value_title = "Products";
  spec.bin_format = ValueFormat::kMoney;
  std::vector<int64_t> lowers, uppers, counts;
  for (const PriceBin& bin : price_distribution(catalog)) {
    lowers.push_back(bin.lower);
    uppers.push_back(bin.upper);
    counts.push_back(bin.products);
  }
  Cents lowest = INT64_MAX, highest = 0;
  for (const Product& product : catalog.products()) {
    lowest = std::min(lowest, product.price);
    highest = std::max(highest, product.price);
  }
  if (!catalog.products().empty())
    spec.subtitle =
        fmt::format("{} products from {} to {}", format_integer(int64_t(catalog.products().size())),
                    format_money(lowest, currency), format_money(highest, currency));
  fill_histogram(spec, lowers, uppers, counts, highest + 1);
  return {"price_distribution", spec};
}

AnalyticsChart top_selling_products(const Aggregates& aggregates, const Catalog& catalog) {
  std::vector<ProductPerformance> rows = aggregates.products.performance();
  std::erase_if(rows, [](const ProductPerformance& row) { return row.totals.units <= 0; });
  // performance() is by revenue; a stable sort keeps revenue as the tie-break.
  std::stable_sort(rows.begin(), rows.end(), [](const ProductPerformance& a, const ProductPerformance& b) {
    return a.totals.units > b.totals.units;
  });
  int64_t all_units = 0;
  for (const ProductPerformance& row : rows) all_units += row.totals.units;
  const size_t shown = std::min(rows.size(), kTopProducts);
  int64_t shown_units = 0;
  std::vector<uint32_t> products;
  ChartSpec spec;
  spec.kind = ChartKind::kHorizontalBar;
  spec.title = fmt::format("Top {} products by units sold", kTopProducts);
  spec.value_title = "Units sold";
  spec.series = {{"Units sold", {}}};
  for (size_t i = 0; i < shown; ++i) {
    products.push_back(rows[i].product);
    spec.series[0].values.push_back(double(rows[i].totals.units));
    shown_units += rows[i].totals.units;
  }
  spec.categories = product_labels(catalog, products);
  if (all_units > 0)
    spec.subtitle = fmt::format(
        "The {} best sellers of the {} products with sales ({} in the catalog): {} of all {} "
        "units",
        shown, rows.size(), catalog.products().size(),
        format_percent(double(shown_units) / double(all_units)), format_integer(all_units));
  return {"top_selling_products", spec};
}

AnalyticsChart revenue_comparison(const Aggregates& aggregates, const Catalog& catalog,
                                  const Currency& currency) {
  const std::vector<SalesRow> rows = aggregates.sales.rows();
  std::map<std::string, Cents> category_revenue, segment_revenue;
  std::map<std::pair<std::string, std::string>, Cents> cells;
  for (const SalesRow& row : rows) {
    category_revenue[row.category] += row.revenue;
    segment_revenue[row.segment] += row.revenue;
    cells[{row.category, row.segment}] += row.revenue;
  }
  // Biggest first, on both axes: the eye reads the ranking without the legend.
  // A category without sales is left out; a segment without sales stays in
  // the legend at 0, since "no revenue from VIPs" is itself the finding.
  auto by_revenue = [](const std::map<std::string, Cents>& totals, const std::vector<std::string>& all,
                       bool keep_unsold) {
    std::vector<std::string> names = all;
    std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
      const auto left = totals.find(a), right = totals.find(b);
      return (left == totals.end() ? 0 : left->second) > (right == totals.end() ? 0 : right->second);
    });
    if (!keep_unsold) std::erase_if(names, [&](const std::string& name) { return !totals.contains(name); });
    return names;
  };
  ChartSpec spec;
  spec.kind = ChartKind::kBar;
  spec.title = "Revenue by category and customer segment";
  spec.category_title = "Product category";
  spec.value_title = fmt::format("Revenue ({})", currency.code);
  spec.value_format = ValueFormat::kMoney;
  use_currency(spec, currency);
  spec.categories = by_revenue(category_revenue, catalog.categories(), false);
  for (const std::string& segment : by_revenue(segment_revenue, catalog.segments(), true)) {
    ChartSeries series{segment, {}};
    for (const std::string& category : spec.categories) {
      const auto cell = cells.find({category, segment});
      series.values.push_back(cell == cells.end() ? 0.0 : double(cell->second));
    }
    spec.series.push_back(std::move(series));
  }
  if (aggregates.sales.purchases() > 0)
    spec.subtitle =
        fmt::format("{} from {} orders ({} units)", format_money(aggregates.sales.revenue(), currency),
                    format_integer(aggregates.sales.purchases()), format_integer(aggregates.sales.units()));
  return {"revenue_comparison", spec};
}

AnalyticsChart conversion_funnel(const Aggregates& aggregates, const SessionReport& sessions) {
  const int64_t* counts = aggregates.event_types.counts;
  ChartSpec spec;
  spec.kind = ChartKind::kFunnel;
  spec.title = "Conversion funnel";
  spec.categories = {"Product views", "Add to cart", "Purchases"};
  spec.series = {{"Events",
                  {double(counts[int(EventType::kViewProduct)]), double(counts[int(EventType::kAddToCart)]),
                   double(counts[int(EventType::kPurchase)])}}};
  // Traffic that records page views enters the funnel there.
  if (counts[int(EventType::kPageView)] > 0) {
    spec.categories.insert(spec.categories.begin(), "Page views");
    spec.series[0].values.insert(spec.series[0].values.begin(), double(counts[int(EventType::kPageView)]));
  }
  const SessionCounts& overall = sessions.overall;
  spec.subtitle = fmt::format(
      "Events of each step; {} sessions, {} of them with a purchase ({})", format_integer(overall.sessions),
      format_integer(overall.purchased),
      format_percent(overall.sessions == 0 ? 0.0 : double(overall.purchased) / double(overall.sessions)));
  return {"conversion_funnel", spec};
}

AnalyticsChart hourly_traffic(const Aggregates& aggregates) {
  const auto& hourly = aggregates.trends.hourly();
  ChartSpec spec;
  spec.kind = ChartKind::kLine;
  spec.title = "Traffic by hour of day";
  spec.category_title = "Hour of day (UTC)";
  spec.value_title = "Events";
  spec.series = {{"All events", {}}, {"Add to cart", {}}, {"Purchases", {}}};
  size_t busiest = 0, best_sales = 0;
  for (size_t hour = 0; hour < hourly.size(); ++hour) {
    spec.categories.push_back(fmt::format("{:02}:00", hour));
    spec.series[0].values.push_back(double(hourly[hour].events()));
    spec.series[1].values.push_back(double(hourly[hour].by_type[int(EventType::kAddToCart)]));
    spec.series[2].values.push_back(double(hourly[hour].purchases()));
    if (hourly[hour].events() > hourly[busiest].events()) busiest = hour;
    if (hourly[hour].purchases() > hourly[best_sales].purchases()) best_sales = hour;
  }
  if (hourly[busiest].events() > 0)
    spec.subtitle = fmt::format("Busiest hour {:02}:00 UTC ({} events); most purchases at {:02}:00 ({})",
                                busiest, format_integer(hourly[busiest].events()), best_sales,
                                format_integer(hourly[best_sales].purchases()));
  return {"hourly_traffic", spec};
}

AnalyticsChart daily_revenue(const Aggregates& aggregates, const Currency& currency) {
  const std::vector<DayTraffic> days = aggregates.trends.daily();
  const bool one_year =
      !days.empty() && civil_from_days(days.front().day).year == civil_from_days(days.back().day).year;
  ChartSpec spec;
  spec.kind = ChartKind::kLine;
  spec.title = "Daily revenue";
  spec.category_title =
      one_year ? fmt::format("Day (UTC, {})", civil_from_days(days.front().day).year) : "Day (UTC)";
  spec.value_title = fmt::format("Revenue ({})", currency.code);
  spec.value_format = ValueFormat::kMoney;
  use_currency(spec, currency);
  spec.series = {{"Revenue", {}}};
  // A day without valid events is a gap in the line, not a day of no sales;
  // so is the stretch between two days listed apart (a span too long to list
  // every day).
  const std::vector<std::string> labels = day_labels(days, one_year);
  const std::optional<DayNumber> peak = aggregates.trends.peak_day_by_revenue();
  std::vector<Cents> revenues;
  for (size_t i = 0; i < days.size(); ++i) {
    const DayTraffic& day = days[i];
    if (i > 0 && day.day != days[i - 1].day + 1) {
      spec.categories.emplace_back();
      spec.series[0].values.push_back(std::numeric_limits<double>::quiet_NaN());
    }
    if (peak && day.day == *peak) spec.marked_category = spec.categories.size();
    spec.categories.push_back(labels[i]);
    if (day.totals.events() == 0) {
      spec.series[0].values.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    spec.series[0].values.push_back(double(day.totals.revenue));
    revenues.push_back(day.totals.revenue);
  }
  // The peak is named with how far it stands above a typical day, so a sale
  // such as Cyberday reads as one even on a long, busy line.
  if (peak) {
    Cents peak_revenue = 0;
    for (const DayTraffic& day : days)
      if (day.day == *peak) peak_revenue = day.totals.revenue;
    std::nth_element(revenues.begin(), revenues.begin() + revenues.size() / 2, revenues.end());
    const Cents median = revenues[revenues.size() / 2];
    spec.subtitle = fmt::format("Peak {} {}: {}", weekday_short(*peak), format_date(*peak),
                                format_money_compact(peak_revenue, 1, currency));
    if (median > 0 && revenues.size() > 1)
      spec.subtitle += fmt::format(", {:.1f}× the median day ({})", double(peak_revenue) / double(median),
                                   format_money_compact(median, 1, currency));
    spec.marked_label = fmt::format("Peak day: {} {}", weekday_short(*peak), format_date(*peak));
  }
  const auto missing =
      std::count_if(days.begin(), days.end(), [](const DayTraffic& day) { return day.totals.events() == 0; });
  if (missing > 0)
    spec.subtitle += fmt::format("{}{} day{} without data left blank", spec.subtitle.empty() ? "" : "; ",
                                 missing, missing == 1 ? "" : "s");
  return {"daily_revenue", spec};
}

AnalyticsChart cart_abandonment(const SessionReport& sessions, const Catalog& catalog,
                                const Currency& currency) {
  std::vector<uint32_t> products;
  ChartSpec spec;
  spec.kind = ChartKind::kHorizontalBar;
  spec.title = "Products most often left in abandoned carts";
  spec.value_title = "Abandoned carts (sessions)";
  spec.series = {{"Abandoned carts", {}}};
  for (const AbandonedProduct& row : sessions.abandoned_products) {
    if (products.size() == kTopProducts || row.sessions == 0) break;
    products.push_back(row.product);
    spec.series[0].values.push_back(double(row.sessions));
  }
  spec.categories = product_labels(catalog, products);
  const SessionCounts& overall = sessions.overall;
  if (overall.added > 0)
    spec.subtitle =
        fmt::format("{} of {} sessions with a cart ended without a purchase ({}); {} left in carts",
                    format_integer(overall.abandoned), format_integer(overall.added),
                    format_percent(overall.abandonment_rate()),
                    format_money_compact(overall.abandoned_value, 1, currency));
  return {"cart_abandonment", spec};
}

AnalyticsChart session_duration(const SessionReport& sessions) {
  const Distribution& durations = sessions.duration_seconds;
  ChartSpec spec;
  spec.kind = ChartKind::kHistogram;
  spec.title = "Session duration";
  spec.category_title = "Time from first to last event";
  spec.value_title = "Sessions";
  spec.bin_format = ValueFormat::kDuration;
  std::vector<int64_t> lowers, uppers, counts;
  for (const DistributionBin& bin : durations.bins) {
    lowers.push_back(bin.lower);
    uppers.push_back(bin.upper);
    counts.push_back(bin.sessions);
  }
  fill_histogram(spec, lowers, uppers, counts, durations.max + 1);
  if (durations.count > 0)
    spec.subtitle = fmt::format("{} sessions, mean {}, longest {}; under 1 s is mostly single-event visits",
                                format_integer(durations.count), format_duration(durations.mean()),
                                format_duration(double(durations.max)));
  return {"session_duration", spec};
}

}  // namespace

std::vector<AnalyticsChart> traffic_charts(const Aggregates& aggregates, const Catalog& catalog,
                                           const Currency& currency) {
  return {
      categories_distribution(catalog),
      price_distribution_chart(catalog, currency),
      top_selling_products(aggregates, catalog),
      revenue_comparison(aggregates, catalog, currency),
      hourly_traffic(aggregates),
      daily_revenue(aggregates, currency),
  };
}

std::vector<AnalyticsChart> session_charts(const Aggregates& aggregates, const Catalog& catalog,
                                           const SessionReport& sessions, const Currency& currency) {
  std::vector<AnalyticsChart> charts = {
      conversion_funnel(aggregates, sessions),
      cart_abandonment(sessions, catalog, currency),
      session_duration(sessions),
  };
  ECOMFLOW_CHECK_EQ(charts.size(), kSessionChartCount);
  return charts;
}

std::vector<AnalyticsChart> analytics_charts(const Aggregates& aggregates, const Catalog& catalog,
                                             const SessionReport& sessions, const Currency& currency) {
  std::vector<AnalyticsChart> traffic = traffic_charts(aggregates, catalog, currency);
  std::vector<AnalyticsChart> from_sessions = session_charts(aggregates, catalog, sessions, currency);
  // The order of the list at the top of the header.
  std::vector<AnalyticsChart> charts;
  for (size_t i = 0; i < 4; ++i) charts.push_back(std::move(traffic[i]));
  charts.push_back(std::move(from_sessions[0]));
  for (size_t i = 4; i < 6; ++i) charts.push_back(std::move(traffic[i]));
  for (size_t i = 1; i < 3; ++i) charts.push_back(std::move(from_sessions[i]));
  return charts;
}

std::filesystem::path analytics_chart_file(const std::filesystem::path& charts_dir,
                                           const AnalyticsChart& chart, ChartFormat format) {
  return charts_dir / (chart.name + (format == ChartFormat::kPng ? ".png" : ".svg"));
}

std::vector<std::filesystem::path> render_analytics_charts(const Aggregates& aggregates,
                                                           const Catalog& catalog,
                                                           const SessionReport& sessions,
                                                           const std::filesystem::path& charts_dir,
                                                           ChartFormat format, const Currency& currency) {
  std::vector<std::filesystem::path> written;
  for (const AnalyticsChart& chart : analytics_charts(aggregates, catalog, sessions, currency)) {
    written.push_back(analytics_chart_file(charts_dir, chart, format));
    render_chart(chart.spec, written.back(), format);
  }
  return written;
}

std::vector<std::filesystem::path> render_analytics_charts(const Aggregates& aggregates,
                                                           const Catalog& catalog,
                                                           const std::filesystem::path& charts_dir,
                                                           ChartFormat format, const Currency& currency) {
  // Charts need only the session counts, not one row per session.
  return render_analytics_charts(aggregates, catalog, aggregates.sessions.report(0), charts_dir, format,
                                 currency);
}

}  // namespace ecomflow
