#include "report/analytics_csv.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <functional>
#include <span>

#include "aggregate/catalog_profile.hpp"
#include "aggregate/funnel.hpp"
#include "core/atomic_file.hpp"
#include "report/csv_writer.hpp"

namespace ecomflow {
namespace {

constexpr int kRateDecimals = 4;

double ratio(int64_t part, int64_t whole) { return whole == 0 ? 0.0 : double(part) / double(whole); }

std::string_view weekday_name(int weekday) {
  static constexpr std::string_view kNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                "Friday", "Saturday", "Sunday"};
  return kNames[weekday - 1];
}

constexpr std::string_view kTrafficHeader =
    "events,page_view,view_product,add_to_cart,remove_from_cart,purchase,units,revenue,conversion_rate";

void traffic_fields(CsvWriter& csv, const TrafficTotals& totals) {
  csv.integer(totals.events());
  for (const int64_t count : totals.by_type) csv.integer(count);
  csv.integer(totals.units).cents(totals.revenue).fixed(totals.conversion(), kRateDecimals);
}

void funnel_csv(CsvWriter& csv, const std::vector<FunnelRow>& rows) {
  csv.line(
      "scope,key,view_product,add_to_cart,purchase,view_to_cart_rate,cart_to_purchase_rate,view_to_purchase_"
      "rate,"
      "sessions,sessions_viewed,sessions_added,sessions_purchased,session_conversion_rate");
  for (const FunnelRow& row : rows) {
    const SessionCounts& sessions = row.sessions;
    csv.plain(funnel_scope_name(row.scope)).text(row.key);
    csv.integer(row.events.views).integer(row.events.carts).integer(row.events.purchases);
    csv.fixed(row.events.view_to_cart(), kRateDecimals)
        .fixed(row.events.cart_to_purchase(), kRateDecimals)
        .fixed(row.events.view_to_purchase(), kRateDecimals);
    csv.integer(sessions.sessions)
        .integer(sessions.viewed)
        .integer(sessions.added)
        .integer(sessions.purchased);
    csv.fixed(ratio(sessions.purchased, sessions.sessions), kRateDecimals);
    csv.end_row();
  }
}

/// Part `part` of `parts` of sessions.csv: the header with part 0, then its share of the rows.
void sessions_csv(CsvWriter& csv, const SessionReport& report, const Catalog& catalog, size_t part,
                  size_t parts) {
  if (part == 0) {
    csv.line(
        "customer_id,session_key,start,end,duration_seconds,events,products_viewed,products_added,products_"
        "purchased,"
        "units,revenue,converted,bounced,abandoned,abandoned_value");
  }
  const size_t rows = report.sessions.size();
  const auto first = report.sessions.begin();
  for (const Session& session :
       std::span(first + ptrdiff_t(rows * part / parts), first + ptrdiff_t(rows * (part + 1) / parts))) {
    csv.text(catalog.customers()[session.customer].id);
    if (session.session_key == 0) {
      csv.empty();
    } else {
      csv.hex64(session.session_key);
    }
    csv.timestamp(session.start).timestamp(session.end).integer(session.duration_seconds());
    csv.integer(session.events)
        .integer(session.products_viewed)
        .integer(session.products_added)
        .integer(session.products_purchased);
    csv.integer(session.units).cents(session.revenue);
    csv.integer(session.converted).integer(session.bounced).integer(session.abandoned);
    csv.cents(session.abandoned_value);
    csv.end_row();
  }
}

void session_distribution_csv(CsvWriter& csv, const SessionReport& report) {
  csv.line("measure,lower,upper,sessions,share,mean,min,max");
  for (const auto& [measure, distribution] :
       {std::pair{"duration_seconds", &report.duration_seconds}, std::pair{"events", &report.events}}) {
    for (const DistributionBin& bin : distribution->bins) {
      csv.plain(measure).integer(bin.lower);
      if (bin.upper == INT64_MAX) {
        csv.empty();
      } else {
        csv.integer(bin.upper);
      }
      csv.integer(bin.sessions).fixed(ratio(bin.sessions, distribution->count), kRateDecimals);
      csv.fixed(distribution->mean(), 2).integer(distribution->min).integer(distribution->max);
      csv.end_row();
    }
  }
}

void cart_abandonment_csv(CsvWriter& csv, const SessionReport& report, const Catalog& catalog) {
  csv.line(
      "scope,key,sessions,cart_sessions,converted_cart_sessions,abandoned_sessions,abandonment_rate,"
      "abandoned_value");
  auto counts_fields = [&](const SessionCounts& counts) {
    csv.integer(counts.sessions).integer(counts.added).integer(counts.added - counts.abandoned);
    csv.integer(counts.abandoned)
        .fixed(counts.abandonment_rate(), kRateDecimals)
        .cents(counts.abandoned_value);
    csv.end_row();
  };
  csv.plain("overall").empty();
  counts_fields(report.overall);
  for (size_t i = 0; i < report.by_category.size(); ++i) {
    csv.plain("category").text(catalog.categories()[i]);
    counts_fields(report.by_category[i]);
  }
  for (const auto& [day, counts] : report.by_day) {
    csv.plain("day").date(day);
    counts_fields(counts);
  }
}

void abandoned_products_csv(CsvWriter& csv, const SessionReport& report, const Catalog& catalog) {
  csv.line("rank,product_id,product_name,category,abandoned_sessions,abandoned_units,abandoned_value");
  for (size_t i = 0; i < report.abandoned_products.size(); ++i) {
    const AbandonedProduct& row = report.abandoned_products[i];
    const Product& product = catalog.products()[row.product];
    csv.integer(int64_t(i + 1)).text(product.id).text(product.name).text(product.category);
    csv.integer(row.sessions).integer(row.units).cents(row.value);
    csv.end_row();
  }
}

void hourly_trends_csv(CsvWriter& csv, const TrendState& trends) {
  csv.plain("hour").plain(kTrafficHeader).end_row();
  for (size_t hour = 0; hour < trends.hourly().size(); ++hour) {
    csv.integer(int64_t(hour));
    traffic_fields(csv, trends.hourly()[hour]);
    csv.end_row();
  }
}

void daily_trends_csv(CsvWriter& csv, const TrendState& trends) {
  csv.plain("date,weekday").plain(kTrafficHeader).plain("peak_by_events,peak_by_revenue").end_row();
  const std::optional<DayNumber> peak_events = trends.peak_day_by_events();
  const std::optional<DayNumber> peak_revenue = trends.peak_day_by_revenue();
  for (const DayTraffic& day : trends.daily()) {
    csv.date(day.day).plain(weekday_name(iso_weekday(day.day)));
    traffic_fields(csv, day.totals);
    csv.integer(peak_events == day.day).integer(peak_revenue == day.day);
    csv.end_row();
  }
}

void weekly_trends_csv(CsvWriter& csv, const TrendState& trends) {
  csv.plain("iso_week,week_start").plain(kTrafficHeader).end_row();
  for (const WeekTraffic& week : trends.weekly()) {
    csv.plain(fmt::format("{}-W{:02}", week.week.year, week.week.week)).date(week.first_day);
    traffic_fields(csv, week.totals);
    csv.end_row();
  }
}

void weekday_trends_csv(CsvWriter& csv, const TrendState& trends) {
  csv.plain("weekday,weekday_name,days")
      .plain(kTrafficHeader)
      .plain("events_per_day,revenue_per_day")
      .end_row();
  for (const WeekdayTraffic& weekday : trends.weekdays()) {
    const int64_t days = std::max<int64_t>(1, weekday.days);
    csv.integer(weekday.weekday).plain(weekday_name(weekday.weekday)).integer(weekday.days);
    traffic_fields(csv, weekday.totals);
    csv.fixed(double(weekday.totals.events()) / double(days), 2)
        .cents((weekday.totals.revenue + days / 2) / days);
    csv.end_row();
  }
}

void product_performance_csv(CsvWriter& csv, const ProductState& products, const Catalog& catalog) {
  csv.line(
      "product_id,product_name,category,price,views,add_to_cart,remove_from_cart,purchases,units,revenue,"
      "view_to_cart_rate,cart_to_purchase_rate,rank_by_units,rank_by_revenue");
  for (const ProductPerformance& row : products.performance()) {
    const Product& product = catalog.products()[row.product];
    const ProductTotals& totals = row.totals;
    csv.text(product.id).text(product.name).text(product.category).cents(product.price);
    csv.integer(totals.views).integer(totals.carts).integer(totals.removes).integer(totals.purchases);
    csv.integer(totals.units).cents(totals.revenue);
    csv.fixed(totals.view_to_cart(), kRateDecimals).fixed(totals.cart_to_purchase(), kRateDecimals);
    csv.integer(row.rank_by_units).integer(row.rank_by_revenue);
    csv.end_row();
  }
}

void customer_metrics_csv(CsvWriter& csv, const CustomerState& customers, const Catalog& catalog) {
  csv.line(
      "customer_id,segment,orders,units,revenue,average_order_value,first_purchase,last_purchase,recency_"
      "days,"
      "recency_score,frequency_score,monetary_score,rfm_score,rfm_segment");
  for (const CustomerMetrics& row : customers.metrics()) {
    const Customer& customer = catalog.customers()[row.customer];
    csv.text(customer.id).text(customer.segment);
    csv.integer(row.totals.orders).integer(row.totals.units);
    csv.cents(row.totals.revenue).cents(row.average_order_value);
    csv.timestamp(row.totals.first_purchase).timestamp(row.totals.last_purchase);
    csv.integer(row.recency_days)
        .integer(row.rfm.recency)
        .integer(row.rfm.frequency)
        .integer(row.rfm.monetary);
    csv.plain(fmt::format("{}{}{}", row.rfm.recency, row.rfm.frequency, row.rfm.monetary))
        .plain(row.rfm_segment);
    csv.end_row();
  }
}

void segment_revenue_csv(CsvWriter& csv, const CustomerState& customers, const Catalog& catalog) {
  csv.line("segment,customers,purchasing_customers,orders,units,revenue,revenue_share,average_order_value");
  const std::vector<SegmentRevenue> segments = customers.segment_revenue();
  Cents total = 0;
  for (const SegmentRevenue& segment : segments) total += segment.revenue;
  for (const SegmentRevenue& segment : segments) {
    const Cents average = segment.orders == 0 ? 0 : (segment.revenue + segment.orders / 2) / segment.orders;
    csv.text(catalog.segments()[segment.segment])
        .integer(segment.customers)
        .integer(segment.purchasing_customers);
    csv.integer(segment.orders).integer(segment.units).cents(segment.revenue);
    csv.fixed(ratio(segment.revenue, total), kRateDecimals).cents(average);
    csv.end_row();
  }
}

void catalog_categories_csv(CsvWriter& csv, const Catalog& catalog) {
  csv.line("category,products,min_price,average_price,max_price,stock");
  for (const CategoryProfile& profile : category_profiles(catalog)) {
    csv.text(profile.category).integer(profile.products);
    csv.cents(profile.min_price).cents(profile.average_price).cents(profile.max_price).integer(profile.stock);
    csv.end_row();
  }
}

void price_distribution_csv(CsvWriter& csv, const Catalog& catalog) {
  csv.line("lower,upper,products,share");
  const int64_t products = int64_t(catalog.products().size());
  for (const PriceBin& bin : price_distribution(catalog)) {
    csv.cents(bin.lower);
    if (bin.upper == INT64_MAX) {
      csv.empty();
    } else {
      csv.cents(bin.upper);
    }
    csv.integer(bin.products).fixed(ratio(bin.products, products), kRateDecimals);
    csv.end_row();
  }
}

void warn_of_rows_left_out(const SessionReport& sessions) {
  if (sessions.sessions_left_out > 0) {
    spdlog::warn("sessions.csv keeps the first {} sessions; {} more are counted in the other reports only",
                 sessions.sessions.size(), sessions.sessions_left_out);
  }
}

}  // namespace

std::vector<AnalyticsCsvWriter> analytics_csv_writers(const Aggregates& aggregates, const Catalog& catalog,
                                                      const SessionReport& sessions) {
  const Catalog* shop = &catalog;
  const auto sessions_part = [&sessions, shop](CsvWriter& csv, size_t part, size_t parts) {
    if (part == 0) warn_of_rows_left_out(sessions);
    sessions_csv(csv, sessions, *shop, part, parts);
  };
  return {
      {"funnel.csv", true,
       [&aggregates, &sessions, shop](CsvWriter& csv) {
         funnel_csv(csv, funnel_rows(*shop, aggregates.products, aggregates.trends, sessions));
       }},
      {"sessions.csv", true, [sessions_part](CsvWriter& csv) { sessions_part(csv, 0, 1); }, sessions_part},
      {"session_distribution.csv", true,
       [&sessions](CsvWriter& csv) { session_distribution_csv(csv, sessions); }},
      {"cart_abandonment.csv", true,
       [&sessions, shop](CsvWriter& csv) { cart_abandonment_csv(csv, sessions, *shop); }},
      {"abandoned_products.csv", true,
       [&sessions, shop](CsvWriter& csv) { abandoned_products_csv(csv, sessions, *shop); }},
      {"hourly_trends.csv", false,
       [&aggregates](CsvWriter& csv) { hourly_trends_csv(csv, aggregates.trends); }},
      {"daily_trends.csv", false,
       [&aggregates](CsvWriter& csv) { daily_trends_csv(csv, aggregates.trends); }},
      {"weekly_trends.csv", false,
       [&aggregates](CsvWriter& csv) { weekly_trends_csv(csv, aggregates.trends); }},
      {"weekday_trends.csv", false,
       [&aggregates](CsvWriter& csv) { weekday_trends_csv(csv, aggregates.trends); }},
      {"product_performance.csv", false,
       [&aggregates, shop](CsvWriter& csv) { product_performance_csv(csv, aggregates.products, *shop); }},
      {"customer_metrics.csv", false,
       [&aggregates, shop](CsvWriter& csv) { customer_metrics_csv(csv, aggregates.customers, *shop); }},
      {"segment_revenue.csv", false,
       [&aggregates, shop](CsvWriter& csv) { segment_revenue_csv(csv, aggregates.customers, *shop); }},
      {"catalog_categories.csv", false, [shop](CsvWriter& csv) { catalog_categories_csv(csv, *shop); }},
      {"price_distribution.csv", false, [shop](CsvWriter& csv) { price_distribution_csv(csv, *shop); }},
  };
}

std::filesystem::path write_analytics_csv(const AnalyticsCsvWriter& file,
                                          const std::filesystem::path& reports_dir, AtomicFileSet* files) {
  std::filesystem::path path = reports_dir / file.name;
  AtomicFile output(path, files);
  CsvWriter csv(output);
  file.write(csv);
  csv.finish();
  return path;
}

std::vector<CsvFile> analytics_csv_files(const Aggregates& aggregates, const Catalog& catalog,
                                         size_t max_session_rows) {
  const SessionReport sessions = aggregates.sessions.report(max_session_rows);
  std::vector<CsvFile> files;
  for (const AnalyticsCsvWriter& file : analytics_csv_writers(aggregates, catalog, sessions)) {
    CsvWriter csv;
    file.write(csv);
    files.push_back({std::string(file.name), std::string(csv.text())});
  }
  return files;
}

std::vector<std::filesystem::path> write_analytics_reports(const Aggregates& aggregates,
                                                           const Catalog& catalog,
                                                           const SessionReport& sessions,
                                                           const std::filesystem::path& reports_dir,
                                                           AtomicFileSet* files) {
  std::vector<std::filesystem::path> written;
  for (const AnalyticsCsvWriter& file : analytics_csv_writers(aggregates, catalog, sessions))
    written.push_back(write_analytics_csv(file, reports_dir, files));
  return written;
}

std::vector<std::filesystem::path> write_analytics_reports(const Aggregates& aggregates,
                                                           const Catalog& catalog,
                                                           const std::filesystem::path& reports_dir) {
  return write_analytics_reports(aggregates, catalog, aggregates.sessions.report(kDefaultMaxSessionRows),
                                 reports_dir);
}

}  // namespace ecomflow
