#include "report/analytics_csv.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "report/csv_writer.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

Catalog shop_catalog() {
  Catalog catalog;
  catalog.add_customer("c1", 0, "VIP");
  catalog.add_customer("c2", 0, "New");
  catalog.add_product("p1", "Mug, large", "Home & Garden", 1250, 4);
  catalog.add_product("p2", "Novel", "Books", 900, 2);
  return catalog;
}

Event shop_event(uint32_t customer, const char* timestamp, EventType type, uint32_t product,
                 int32_t quantity) {
  Event event{};
  event.time = *parse_timestamp(timestamp);
  event.customer = customer;
  event.type = type;
  event.product = product;
  event.quantity = quantity;
  return event;
}

std::vector<Event> shop_events() {
  return {
      shop_event(0, "2023-10-23T23:50:00", EventType::kViewProduct, 0, 0),
      shop_event(0, "2023-10-23T23:55:00", EventType::kAddToCart, 0, 2),
      shop_event(0, "2023-10-24T00:05:00", EventType::kPurchase, 0, 2),  // after midnight, same session
      shop_event(1, "2023-10-24T09:00:00", EventType::kViewProduct, 1, 0),
      shop_event(1, "2023-10-24T09:01:00", EventType::kAddToCart, 1, 3),  // abandoned
  };
}

std::string file_text(const std::vector<CsvFile>& files, const std::string& name) {
  for (const CsvFile& file : files)
    if (file.name == name) return file.text;
  ADD_FAILURE() << "no " << name;
  return "";
}

TEST(AnalyticsCsvTest, FunnelRowsForEveryScope) {
  const Catalog catalog = shop_catalog();
  Aggregates aggregates(catalog);
  aggregates.add(shop_events());
  const auto files = analytics_csv_files(aggregates, catalog);
  EXPECT_EQ(file_text(files, "funnel.csv"),
            "scope,key,view_product,add_to_cart,purchase,view_to_cart_rate,cart_to_purchase_rate,"
            "view_to_purchase_rate,sessions,sessions_viewed,sessions_added,sessions_purchased,"
            "session_conversion_rate\n"
            "overall,,2,2,1,1.0000,0.5000,0.5000,2,2,2,1,0.5000\n"
            "category,Home & Garden,1,1,1,1.0000,1.0000,1.0000,1,1,1,1,1.0000\n"
            "category,Books,1,1,0,1.0000,0.0000,0.0000,1,1,1,0,0.0000\n"
            "day,2023-10-23,1,1,0,1.0000,0.0000,0.0000,1,1,1,1,1.0000\n"
            "day,2023-10-24,1,1,1,1.0000,1.0000,1.0000,1,1,1,0,0.0000\n");
}

TEST(AnalyticsCsvTest, SessionsAbandonmentAndCustomers) {
  const Catalog catalog = shop_catalog();
  Aggregates aggregates(catalog);
  aggregates.add(shop_events());
  const auto files = analytics_csv_files(aggregates, catalog);
  EXPECT_EQ(file_text(files, "sessions.csv"),
            "customer_id,session_key,start,end,duration_seconds,events,products_viewed,products_added,"
            "products_purchased,units,revenue,converted,bounced,abandoned,abandoned_value\n"
            "c1,,2023-10-23T23:50:00Z,2023-10-24T00:05:00Z,900,3,1,1,1,2,25.00,1,0,0,0.00\n"
            "c2,,2023-10-24T09:00:00Z,2023-10-24T09:01:00Z,60,2,1,1,0,0,0.00,0,0,1,27.00\n");
  EXPECT_EQ(file_text(files, "abandoned_products.csv"),
            "rank,product_id,product_name,category,abandoned_sessions,abandoned_units,abandoned_value\n"
            "1,p2,Novel,Books,1,3,27.00\n");
  const std::string abandonment = file_text(files, "cart_abandonment.csv");
  EXPECT_NE(abandonment.find("\noverall,,2,2,1,1,0.5000,27.00\n"), std::string::npos) << abandonment;
  EXPECT_EQ(file_text(files, "customer_metrics.csv"),
            "customer_id,segment,orders,units,revenue,average_order_value,first_purchase,last_purchase,"
            "recency_days,recency_score,frequency_score,monetary_score,rfm_score,rfm_segment\n"
            "c1,VIP,1,2,25.00,25.00,2023-10-24T00:05:00Z,2023-10-24T00:05:00Z,0,3,3,3,333,Loyal\n");
  const std::string products = file_text(files, "product_performance.csv");
  EXPECT_NE(products.find("\np1,\"Mug, large\",Home & Garden,12.50,1,1,0,1,2,25.00,1.0000,1.0000,1,1\n"),
            std::string::npos)
      << products;
  const std::string daily = file_text(files, "daily_trends.csv");
  EXPECT_NE(daily.find("\n2023-10-24,Tuesday,3,0,1,1,0,1,2,25.00,1.0000,1,1\n"), std::string::npos) << daily;
}

TEST(AnalyticsCsvTest, DistributionTrendAndSegmentRows) {
  const Catalog catalog = shop_catalog();
  Aggregates aggregates(catalog);
  aggregates.add(shop_events());
  const auto files = analytics_csv_files(aggregates, catalog);
  const auto expect_lines = [&](const std::string& name, const std::vector<std::string>& lines) {
    const std::string text = file_text(files, name);
    for (const std::string& expected : lines)
      EXPECT_NE(text.find("\n" + expected + "\n"), std::string::npos) << name << " lacks " << expected << "\n"
                                                                      << text;
  };
  // Sessions of 900 s / 3 events and 60 s / 2 events.
  expect_lines("session_distribution.csv", {"duration_seconds,60,300,1,0.5000,480.00,60,900",
                                            "duration_seconds,7200,,0,0.0000,480.00,60,900",
                                            "events,2,3,1,0.5000,2.50,2,3", "events,3,4,1,0.5000,2.50,2,3"});
  expect_lines("hourly_trends.csv", {"0,1,0,0,0,0,1,2,25.00,0.0000", "9,2,0,1,1,0,0,0,0.00,0.0000",
                                     "23,2,0,1,1,0,0,0,0.00,0.0000"});
  EXPECT_EQ(
      file_text(files, "weekly_trends.csv"),
      "iso_week,week_start,events,page_view,view_product,add_to_cart,remove_from_cart,purchase,units,revenue,"
      "conversion_rate\n2023-W43,2023-10-23,5,0,2,2,0,1,2,25.00,0.5000\n");
  expect_lines("weekday_trends.csv", {"1,Monday,1,2,0,1,1,0,0,0,0.00,0.0000,2.00,0.00",
                                      "2,Tuesday,1,3,0,1,1,0,1,2,25.00,1.0000,3.00,25.00",
                                      "7,Sunday,0,0,0,0,0,0,0,0,0.00,0.0000,0.00,0.00"});
  EXPECT_EQ(file_text(files, "segment_revenue.csv"),
            "segment,customers,purchasing_customers,orders,units,revenue,revenue_share,average_order_value\n"
            "VIP,1,1,1,2,25.00,1.0000,25.00\n"
            "New,1,0,0,0,0.00,0.0000,0.00\n");
}

TEST(AnalyticsCsvTest, SessionIdsFractionsAndQuotedIds) {
  Catalog catalog;
  catalog.add_customer("c,1", 0, "VIP");
  catalog.add_product("p1", "Mug", "Home", 1250, 4);
  Aggregates aggregates(catalog);
  std::vector<Event> events = {shop_event(0, "2023-10-23T10:00:00.5", EventType::kViewProduct, 0, 0),
                               shop_event(0, "2023-10-23T10:00:02.25", EventType::kPurchase, 0, 1)};
  for (Event& event : events) event.session_key = 0xABCDEF;
  aggregates.add(events);
  EXPECT_EQ(file_text(analytics_csv_files(aggregates, catalog), "sessions.csv"),
            "customer_id,session_key,start,end,duration_seconds,events,products_viewed,products_added,"
            "products_purchased,units,revenue,converted,bounced,abandoned,abandoned_value\n"
            "\"c,1\",0000000000abcdef,2023-10-23T10:00:00.500000Z,2023-10-23T10:00:02.250000Z,1,2,1,0,1,1,12."
            "50,1,0,"
            "0,0.00\n");
}

TEST(AnalyticsCsvTest, SessionRowLimit) {
  const Catalog catalog = shop_catalog();
  Aggregates aggregates(catalog);
  aggregates.add(shop_events());
  const std::string sessions = file_text(analytics_csv_files(aggregates, catalog, 1), "sessions.csv");
  EXPECT_EQ(std::count(sessions.begin(), sessions.end(), '\n'), 2);
  const std::string funnel = file_text(analytics_csv_files(aggregates, catalog, 1), "funnel.csv");
  EXPECT_NE(funnel.find("\noverall,,2,2,1,1.0000,0.5000,0.5000,2,"), std::string::npos);
}

TEST(AnalyticsCsvTest, FilesWrittenInPartsMatchTheWholeFile) {
  const Catalog catalog = shop_catalog();
  Aggregates aggregates(catalog);
  aggregates.add(shop_events());
  const SessionReport sessions = aggregates.sessions.report();
  size_t parted = 0;
  for (const AnalyticsCsvWriter& file : analytics_csv_writers(aggregates, catalog, sessions)) {
    if (!file.write_part) continue;
    ++parted;
    CsvWriter whole;
    file.write(whole);
    for (size_t parts = 1; parts <= 4; ++parts) {
      std::string joined;
      for (size_t part = 0; part < parts; ++part) {
        CsvWriter csv;
        file.write_part(csv, part, parts);
        joined += csv.text();
      }
      EXPECT_EQ(joined, whole.text()) << file.name << " in " << parts << " parts";
    }
  }
  EXPECT_EQ(parted, 1u);  // sessions.csv
}

TEST(AnalyticsCsvTest, CatalogFilesNeedNoEvents) {
  const Catalog catalog = shop_catalog();
  const Aggregates aggregates(catalog);
  const auto files = analytics_csv_files(aggregates, catalog);
  EXPECT_EQ(file_text(files, "catalog_categories.csv"),
            "category,products,min_price,average_price,max_price,stock\n"
            "Home & Garden,1,12.50,12.50,12.50,4\n"
            "Books,1,9.00,9.00,9.00,2\n");
  const std::string prices = file_text(files, "price_distribution.csv");
  EXPECT_NE(prices.find("\n0.00,10.00,1,0.5000\n10.00,25.00,1,0.5000\n"), std::string::npos) << prices;
  EXPECT_NE(prices.find("\n1000.00,,0,0.0000\n"), std::string::npos) << prices;
  EXPECT_EQ(file_text(files, "sessions.csv").find('\n') + 1, file_text(files, "sessions.csv").size());
}

TEST(AnalyticsCsvTest, WritesEveryFileAtomically) {
  const Catalog catalog = shop_catalog();
  Aggregates aggregates(catalog);
  aggregates.add(shop_events());
  const std::filesystem::path directory = testing::scratch_dir("analytics_csv");
  const auto written = write_analytics_reports(aggregates, catalog, directory / "reports");
  ASSERT_EQ(written.size(), 14u);
  for (const auto& path : written) {
    std::ifstream input(path);
    std::stringstream text;
    text << input.rdbuf();
    EXPECT_EQ(text.str(), file_text(analytics_csv_files(aggregates, catalog), path.filename().string()));
  }
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory / "reports"))
    ++entries;
  EXPECT_EQ(entries, 14u);  // no temporary files left behind
}

TEST(AnalyticsCsvTest, WritesFromASharedSessionReport) {
  const Catalog catalog = shop_catalog();
  Aggregates aggregates(catalog);
  aggregates.add(shop_events());
  const std::filesystem::path directory = testing::scratch_dir("analytics_csv_shared");
  const SessionReport sessions = aggregates.sessions.report(1);
  const auto written = write_analytics_reports(aggregates, catalog, sessions, directory);
  ASSERT_EQ(written.size(), 14u);
  for (const auto& path : written) {
    std::ifstream input(path);
    std::stringstream text;
    text << input.rdbuf();
    EXPECT_EQ(text.str(), file_text(analytics_csv_files(aggregates, catalog, 1), path.filename().string()));
  }
}

}  // namespace
}  // namespace ecomflow
