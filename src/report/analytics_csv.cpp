#include "report/analytics_csv.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iterator>
#include <map>

#include "aggregate/catalog_profile.hpp"
#include "aggregate/funnel.hpp"
#include "core/atomic_file.hpp"

namespace ecomflow {
namespace {

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string rate(double value) { return fmt::format("{:.4f}", value); }
std::string share(int64_t part, int64_t whole) { return rate(whole == 0 ? 0.0 : double(part) / double(whole)); }
std::string upper_bound_text(int64_t upper) { return upper == INT64_MAX ? "" : std::to_string(upper); }

/// Appends one CSV line built from already formatted fields.
template <typename... Fields>
void line(std::string& text, const Fields&... fields) {
  bool first = true;
  ((text += first ? "" : ",", text += fields, first = false), ...);
  text += '\n';
}

std::string weekday_name(int weekday) {
  static const char* const kNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  return kNames[weekday - 1];
}

constexpr const char* kTrafficHeader =
    "events,page_view,view_product,add_to_cart,remove_from_cart,purchase,units,revenue,conversion_rate";

std::string traffic_fields(const TrafficTotals& totals) {
  return fmt::format("{},{},{},{},{},{},{},{},{}", totals.events(), totals.by_type[0], totals.by_type[1],
                     totals.by_type[2], totals.by_type[3], totals.by_type[4], totals.units,
                     format_cents(totals.revenue), rate(totals.conversion()));
}

std::string funnel_csv(const std::vector<FunnelRow>& rows) {
  std::string text =
      "scope,key,view_product,add_to_cart,purchase,view_to_cart_rate,cart_to_purchase_rate,view_to_purchase_rate,"
      "sessions,sessions_viewed,sessions_added,sessions_purchased,session_conversion_rate\n";
  for (const FunnelRow& row : rows) {
    const SessionCounts& sessions = row.sessions;
    line(text, std::string(funnel_scope_name(row.scope)), csv_field(row.key), std::to_string(row.events.views),
         std::to_string(row.events.carts), std::to_string(row.events.purchases), rate(row.events.view_to_cart()),
         rate(row.events.cart_to_purchase()), rate(row.events.view_to_purchase()), std::to_string(sessions.sessions),
         std::to_string(sessions.viewed), std::to_string(sessions.added), std::to_string(sessions.purchased),
         share(sessions.purchased, sessions.sessions));
  }
  return text;
}

std::string sessions_csv(const SessionReport& report, const Catalog& catalog) {
  std::string text =
      "customer_id,session_key,start,end,duration_seconds,events,products_viewed,products_added,products_purchased,"
      "units,revenue,converted,bounced,abandoned,abandoned_value\n";
  for (const Session& session : report.sessions) {
    fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{},{},{},{},{},{:d},{:d},{:d},{}\n",
                   csv_field(catalog.customers()[session.customer].id),
                   session.session_key == 0 ? std::string() : fmt::format("{:016x}", session.session_key),
                   format_timestamp(session.start), format_timestamp(session.end), session.duration_seconds(),
                   session.events, session.products_viewed, session.products_added, session.products_purchased,
                   session.units, format_cents(session.revenue), int(session.converted), int(session.bounced),
                   int(session.abandoned), format_cents(session.abandoned_value));
  }
  return text;
}

std::string session_distribution_csv(const SessionReport& report) {
  std::string text = "measure,lower,upper,sessions,share,mean,min,max\n";
  for (const auto& [measure, distribution] :
       {std::pair{"duration_seconds", &report.duration_seconds}, std::pair{"events", &report.events}}) {
    for (const DistributionBin& bin : distribution->bins) {
      line(text, std::string(measure), std::to_string(bin.lower), upper_bound_text(bin.upper),
           std::to_string(bin.sessions), share(bin.sessions, distribution->count),
           fmt::format("{:.2f}", distribution->mean()), std::to_string(distribution->min),
           std::to_string(distribution->max));
    }
  }
  return text;
}

std::string cart_abandonment_csv(const SessionReport& report, const Catalog& catalog) {
  std::string text =
      "scope,key,sessions,cart_sessions,converted_cart_sessions,abandoned_sessions,abandonment_rate,abandoned_value\n";
  auto row = [&](const char* scope, const std::string& key, const SessionCounts& counts) {
    line(text, std::string(scope), csv_field(key), std::to_string(counts.sessions), std::to_string(counts.added),
         std::to_string(counts.added - counts.abandoned), std::to_string(counts.abandoned),
         rate(counts.abandonment_rate()), format_cents(counts.abandoned_value));
  };
  row("overall", "", report.overall);
  for (size_t i = 0; i < report.by_category.size(); ++i) row("category", catalog.categories()[i], report.by_category[i]);
  for (const auto& [day, counts] : report.by_day) row("day", format_date(day), counts);
  return text;
}

std::string abandoned_products_csv(const SessionReport& report, const Catalog& catalog) {
  std::string text = "rank,product_id,product_name,category,abandoned_sessions,abandoned_units,abandoned_value\n";
  for (size_t i = 0; i < report.abandoned_products.size(); ++i) {
    const AbandonedProduct& row = report.abandoned_products[i];
    const Product& product = catalog.products()[row.product];
    line(text, std::to_string(i + 1), csv_field(product.id), csv_field(product.name), csv_field(product.category),
         std::to_string(row.sessions), std::to_string(row.units), format_cents(row.value));
  }
  return text;
}

std::string hourly_trends_csv(const TrendState& trends) {
  std::string text = fmt::format("hour,{}\n", kTrafficHeader);
  for (size_t hour = 0; hour < trends.hourly().size(); ++hour)
    line(text, std::to_string(hour), traffic_fields(trends.hourly()[hour]));
  return text;
}

std::string daily_trends_csv(const TrendState& trends) {
  std::string text = fmt::format("date,weekday,{},peak_by_events,peak_by_revenue\n", kTrafficHeader);
  const std::optional<DayNumber> peak_events = trends.peak_day_by_events();
  const std::optional<DayNumber> peak_revenue = trends.peak_day_by_revenue();
  for (const DayTraffic& day : trends.daily()) {
    line(text, format_date(day.day), weekday_name(iso_weekday(day.day)), traffic_fields(day.totals),
         std::string(peak_events == day.day ? "1" : "0"), std::string(peak_revenue == day.day ? "1" : "0"));
  }
  return text;
}

std::string weekly_trends_csv(const TrendState& trends) {
  std::string text = fmt::format("iso_week,week_start,{}\n", kTrafficHeader);
  for (const WeekTraffic& week : trends.weekly())
    line(text, fmt::format("{}-W{:02}", week.week.year, week.week.week), format_date(week.first_day),
         traffic_fields(week.totals));
  return text;
}

std::string weekday_trends_csv(const TrendState& trends) {
  std::string text = fmt::format("weekday,weekday_name,days,{},events_per_day,revenue_per_day\n", kTrafficHeader);
  for (const WeekdayTraffic& weekday : trends.weekdays()) {
    const int64_t days = std::max<int64_t>(1, weekday.days);
    line(text, std::to_string(weekday.weekday), weekday_name(weekday.weekday), std::to_string(weekday.days),
         traffic_fields(weekday.totals), fmt::format("{:.2f}", double(weekday.totals.events()) / double(days)),
         format_cents((weekday.totals.revenue + days / 2) / days));
  }
  return text;
}

std::string product_performance_csv(const ProductState& products, const Catalog& catalog) {
  std::string text =
      "product_id,product_name,category,price,views,add_to_cart,remove_from_cart,purchases,units,revenue,"
      "view_to_cart_rate,cart_to_purchase_rate,rank_by_units,rank_by_revenue\n";
  for (const ProductPerformance& row : products.performance()) {
    const Product& product = catalog.products()[row.product];
    const ProductTotals& totals = row.totals;
    line(text, csv_field(product.id), csv_field(product.name), csv_field(product.category),
         format_cents(product.price), std::to_string(totals.views), std::to_string(totals.carts),
         std::to_string(totals.removes), std::to_string(totals.purchases), std::to_string(totals.units),
         format_cents(totals.revenue), rate(totals.view_to_cart()), rate(totals.cart_to_purchase()),
         std::to_string(row.rank_by_units), std::to_string(row.rank_by_revenue));
  }
  return text;
}

std::string customer_metrics_csv(const CustomerState& customers, const Catalog& catalog) {
  std::string text =
      "customer_id,segment,orders,units,revenue,average_order_value,first_purchase,last_purchase,recency_days,"
      "recency_score,frequency_score,monetary_score,rfm_score,rfm_segment\n";
  for (const CustomerMetrics& row : customers.metrics()) {
    const Customer& customer = catalog.customers()[row.customer];
    line(text, csv_field(customer.id), csv_field(customer.segment), std::to_string(row.totals.orders),
         std::to_string(row.totals.units), format_cents(row.totals.revenue), format_cents(row.average_order_value),
         format_timestamp(row.totals.first_purchase), format_timestamp(row.totals.last_purchase),
         std::to_string(row.recency_days), std::to_string(row.rfm.recency), std::to_string(row.rfm.frequency),
         std::to_string(row.rfm.monetary), fmt::format("{}{}{}", row.rfm.recency, row.rfm.frequency, row.rfm.monetary),
         std::string(row.rfm_segment));
  }
  return text;
}

std::string segment_revenue_csv(const CustomerState& customers, const Catalog& catalog) {
  std::string text =
      "segment,customers,purchasing_customers,orders,units,revenue,revenue_share,average_order_value\n";
  const std::vector<SegmentRevenue> segments = customers.segment_revenue();
  Cents total = 0;
  for (const SegmentRevenue& segment : segments) total += segment.revenue;
  for (const SegmentRevenue& segment : segments) {
    const Cents average = segment.orders == 0 ? 0 : (segment.revenue + segment.orders / 2) / segment.orders;
    line(text, csv_field(catalog.segments()[segment.segment]), std::to_string(segment.customers),
         std::to_string(segment.purchasing_customers), std::to_string(segment.orders), std::to_string(segment.units),
         format_cents(segment.revenue), share(segment.revenue, total), format_cents(average));
  }
  return text;
}

std::string catalog_categories_csv(const Catalog& catalog) {
  std::string text = "category,products,min_price,average_price,max_price,stock\n";
  for (const CategoryProfile& profile : category_profiles(catalog)) {
    line(text, csv_field(profile.category), std::to_string(profile.products), format_cents(profile.min_price),
         format_cents(profile.average_price), format_cents(profile.max_price), std::to_string(profile.stock));
  }
  return text;
}

std::string price_distribution_csv(const Catalog& catalog) {
  std::string text = "lower,upper,products,share\n";
  const int64_t products = int64_t(catalog.products().size());
  for (const PriceBin& bin : price_distribution(catalog)) {
    line(text, format_cents(bin.lower), bin.upper == INT64_MAX ? std::string() : format_cents(bin.upper),
         std::to_string(bin.products), share(bin.products, products));
  }
  return text;
}

}  // namespace

std::vector<CsvFile> analytics_csv_files(const Aggregates& aggregates, const Catalog& catalog,
                                         size_t max_session_rows) {
  const SessionReport sessions = aggregates.sessions.report(max_session_rows);
  if (sessions.sessions_left_out > 0) {
    spdlog::warn("sessions.csv keeps the first {} sessions; {} more are counted in the other reports only",
                 sessions.sessions.size(), sessions.sessions_left_out);
  }
  return {
      {"funnel.csv", funnel_csv(funnel_rows(catalog, aggregates.products, aggregates.trends, sessions))},
      {"sessions.csv", sessions_csv(sessions, catalog)},
      {"session_distribution.csv", session_distribution_csv(sessions)},
      {"cart_abandonment.csv", cart_abandonment_csv(sessions, catalog)},
      {"abandoned_products.csv", abandoned_products_csv(sessions, catalog)},
      {"hourly_trends.csv", hourly_trends_csv(aggregates.trends)},
      {"daily_trends.csv", daily_trends_csv(aggregates.trends)},
      {"weekly_trends.csv", weekly_trends_csv(aggregates.trends)},
      {"weekday_trends.csv", weekday_trends_csv(aggregates.trends)},
      {"product_performance.csv", product_performance_csv(aggregates.products, catalog)},
      {"customer_metrics.csv", customer_metrics_csv(aggregates.customers, catalog)},
      {"segment_revenue.csv", segment_revenue_csv(aggregates.customers, catalog)},
      {"catalog_categories.csv", catalog_categories_csv(catalog)},
      {"price_distribution.csv", price_distribution_csv(catalog)},
  };
}

std::vector<std::filesystem::path> write_analytics_reports(const Aggregates& aggregates, const Catalog& catalog,
                                                           const std::filesystem::path& reports_dir) {
  std::vector<std::filesystem::path> written;
  for (const CsvFile& file : analytics_csv_files(aggregates, catalog)) {
    written.push_back(reports_dir / file.name);
    write_file_atomically(written.back(), file.text);
  }
  return written;
}

}  // namespace ecomflow
