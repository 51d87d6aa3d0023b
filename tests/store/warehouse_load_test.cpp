#include "store/warehouse_load.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "aggregate/sales_state.hpp"
#include "core/error.hpp"
#include "store/analytics_queries.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"
#include "store/warehouse_schema.hpp"
#include "store/warehouse_stage_runs.hpp"
#include "store/warehouse_test_data.hpp"

namespace ecomflow {
namespace {

using testing::fact;
using testing::kStart;
using testing::random_events;
using testing::source_of;

class WarehouseLoadTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    migrate(db());
  }

  /// Loads in a transaction of its own, as the pipeline does.
  WarehouseLoadResult load(const Catalog& catalog, const std::vector<FactEvent>& events,
                           const std::vector<int64_t>& replaced = {}, bool full_refresh = false,
                           WarehouseOptions options = {}) {
    WarehouseLoadResult result;
    with_transaction(db(), [&] {
      const int64_t run_id = begin_run(db());
      result = load_warehouse(db(), catalog, run_id, full_refresh, replaced, source_of(events), options);
    });
    return result;
  }

  std::string scalar(const std::string& sql) {
    return db().query(warehouse_sql(db(), sql)).rows.at(0).at(0).value_or("NULL");
  }

  /// Counts and sums that must not move when a load is repeated or undone.
  std::string fingerprint() {
    return scalar(
        "SELECT CAST((SELECT COUNT(*) FROM warehouse.fact_sales) AS TEXT) || '/' || "
        "CAST((SELECT COALESCE(SUM(revenue_cents), 0) FROM warehouse.fact_sales) AS TEXT) || '/' || "
        "CAST((SELECT COALESCE(SUM(quantity), 0) FROM warehouse.fact_sales) AS TEXT) || '/' || "
        "CAST((SELECT COUNT(*) FROM warehouse.fact_events) AS TEXT) || '/' || "
        "CAST((SELECT COALESCE(SUM(session_key % 1000), 0) FROM warehouse.fact_events) AS TEXT) || '/' || "
        "CAST((SELECT COUNT(*) FROM warehouse.dim_customer) AS TEXT) || '/' || "
        "CAST((SELECT COUNT(*) FROM warehouse.dim_product) AS TEXT) || '/' || "
        "CAST((SELECT COALESCE(SUM(revenue_cents), 0) FROM warehouse.agg_daily_sales) AS TEXT) || '/' || "
        "CAST((SELECT COALESCE(SUM(product_views), 0) FROM warehouse.agg_product_performance) AS TEXT)");
  }

  /// Product views and cart adds as agg_product_performance holds them
  /// (from fact_product_activity) and as fact_events counts them: they must
  /// agree after every load, replacement, refresh, rollback and delete.
  void expect_activity_matches_events() {
    const std::string from_aggregate = scalar(
        "SELECT CAST(COALESCE(SUM(product_views), 0) AS TEXT) || '/' || "
        "CAST(COALESCE(SUM(cart_adds), 0) AS TEXT) FROM warehouse.agg_product_performance");
    const std::string from_events = scalar(
        "SELECT CAST(COALESCE(SUM(CASE WHEN event_type_key = 1 THEN 1 ELSE 0 END), 0) AS TEXT) || '/' || "
        "CAST(COALESCE(SUM(CASE WHEN event_type_key = 2 THEN 1 ELSE 0 END), 0) AS TEXT) "
        "FROM warehouse.fact_events WHERE product_key IS NOT NULL");
    EXPECT_EQ(from_aggregate, from_events);
    // Per product as well, for the busiest one.
    const std::string product = scalar(
        "SELECT p.product_id FROM warehouse.fact_events e JOIN warehouse.dim_product p "
        "ON p.product_key = e.product_key WHERE e.event_type_key = 1 GROUP BY p.product_id "
        "ORDER BY COUNT(*) DESC, p.product_id LIMIT 1");
    if (product == "NULL") return;
    EXPECT_EQ(
        scalar("SELECT CAST(product_views AS TEXT) FROM warehouse.agg_product_performance "
               "WHERE product_id = '" +
               product + "'"),
        scalar("SELECT CAST(COUNT(*) AS TEXT) FROM warehouse.fact_events e JOIN warehouse.dim_product p "
               "ON p.product_key = e.product_key WHERE e.event_type_key = 1 AND p.product_id = '" +
               product + "'"));
  }

  Catalog catalog_ = testing::small_catalog();
};

TEST_P(WarehouseLoadTest, SchemaExistsAndViewsAnswerEmpty) {
  EXPECT_TRUE(has_warehouse(db()));
  for (const char* table :
       {"staging.catalog_customers", "staging.catalog_products", "staging.events", "production.customers",
        "production.products", "warehouse.dim_customer", "warehouse.dim_product", "warehouse.dim_date",
        "warehouse.dim_event_type", "warehouse.fact_sales", "warehouse.fact_events",
        "warehouse.fact_product_activity", "warehouse.agg_daily_sales", "warehouse.agg_product_performance",
        "warehouse.agg_customer_metrics", "warehouse.agg_sales_by_category_segment", "pipeline_stage_runs"})
    EXPECT_TRUE(db().table_exists(warehouse_sql(db(), table))) << table;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.dim_event_type"), "5");
  for (const AnalyticsQuery& query : analytics_queries())
    EXPECT_TRUE(run_analytics_query(db(), query).rows.empty()) << query.name;
  EXPECT_EQ(migrate(db()), 0);
}

TEST_P(WarehouseLoadTest, LoadsDimensionsFactsAndCalendar) {
  const std::vector<FactEvent> events{
      fact(1, kStart + 5 * kMicrosPerSecond, 0, kNoProduct, EventType::kPageView, 0, 42),
      fact(1, kStart + 6 * kMicrosPerSecond, 0, 0, EventType::kViewProduct, 0, 42),
      fact(1, kStart + 7'500'000, 0, 0, EventType::kPurchase, 2, UINT64_MAX),
      fact(2, kStart + 3 * kMicrosPerDay, 3, 3, EventType::kPurchase, 1, 0),
  };
  const WarehouseLoadResult result = load(catalog_, events);
  EXPECT_EQ(result.fact_events, 4);
  EXPECT_EQ(result.fact_sales, 2);
  EXPECT_EQ(result.customers_added, 6);
  EXPECT_EQ(result.products_added, 4);
  EXPECT_EQ(result.dates_added, 4);  // 2023-10-23 … 2023-10-26, no gaps
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.dim_customer WHERE is_current"), "6");
  EXPECT_EQ(
      scalar(
          "SELECT CAST(MIN(date_key) AS TEXT) || '-' || CAST(MAX(date_key) AS TEXT) FROM warehouse.dim_date"),
      "20231023-20231026");
  EXPECT_EQ(
      scalar("SELECT CAST(iso_week AS TEXT) || ' ' || CAST(weekday AS TEXT) || ' ' || CAST(quarter AS TEXT) "
             "FROM warehouse.dim_date WHERE date_key = 20231023"),
      "43 1 4");
  EXPECT_EQ(scalar("SELECT CAST(event_time AS TEXT) FROM warehouse.fact_sales WHERE file_id = 1"),
            "2023-10-23 00:00:07.5");
  EXPECT_EQ(scalar("SELECT revenue_cents FROM warehouse.fact_sales WHERE file_id = 1"), "29998");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events WHERE product_key IS NULL"), "1");
  EXPECT_EQ(scalar("SELECT session_key FROM warehouse.fact_events WHERE event_type_key = 4 AND file_id = 1"),
            "-1");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM production.products"), "4");
  EXPECT_EQ(scalar("SELECT price_cents FROM production.products WHERE product_id = 'p002'"), "1050");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM staging.catalog_customers"), "6");

  // Referential integrity: every key of every fact row has its dimension row.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_sales f "
                   "LEFT JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key "
                   "LEFT JOIN warehouse.dim_product p ON p.product_key = f.product_key "
                   "LEFT JOIN warehouse.dim_date d ON d.date_key = f.date_key "
                   "WHERE c.customer_key IS NULL OR p.product_key IS NULL OR d.date_key IS NULL"),
            "0");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events f "
                   "LEFT JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key "
                   "LEFT JOIN warehouse.dim_product p ON p.product_key = f.product_key "
                   "LEFT JOIN warehouse.dim_date d ON d.date_key = f.date_key "
                   "LEFT JOIN warehouse.dim_event_type t ON t.event_type_key = f.event_type_key "
                   "WHERE c.customer_key IS NULL OR (f.product_key IS NOT NULL AND p.product_key IS NULL) "
                   "OR d.date_key IS NULL OR t.event_type_key IS NULL"),
            "0");

  const auto stages = stage_runs(db(), 1);
  ASSERT_EQ(stages.size(), size_t{1});
  EXPECT_EQ(stages[0].stage, "warehouse");
  EXPECT_EQ(stages[0].rows_out, 6);
}

TEST_P(WarehouseLoadTest, SalesQueryEqualsTheInMemoryReport) {
  std::vector<FactEvent> events = random_events(catalog_, 1, 3000, kStart, 10, 7);
  const std::vector<FactEvent> more = random_events(catalog_, 2, 2000, kStart + 10 * kMicrosPerDay, 40, 8);
  events.insert(events.end(), more.begin(), more.end());
  load(catalog_, events);

  SalesState expected(catalog_);
  for (const FactEvent& event : events) expected.add(std::span(&event.event, 1));
  ASSERT_GT(expected.purchases(), 300);
  std::string expected_csv;
  std::string actual_csv;
  for (const SalesRow& row : expected.rows())
    expected_csv += fmt::format("{},{},{},{},{}\n", row.category, row.segment, format_cents(row.revenue),
                                row.units, row.unique_customers);
  for (const SalesRow& row : warehouse_sales_report(db()))
    actual_csv += fmt::format("{},{},{},{},{}\n", row.category, row.segment, format_cents(row.revenue),
                              row.units, row.unique_customers);
  EXPECT_EQ(actual_csv, expected_csv);
  // The rebuilt aggregate holds the same cells.
  EXPECT_EQ(scalar("SELECT SUM(revenue_cents) FROM warehouse.agg_sales_by_category_segment"),
            std::to_string(expected.revenue()));
  EXPECT_EQ(scalar("SELECT SUM(orders) FROM warehouse.agg_daily_sales"),
            std::to_string(expected.purchases()));
}

TEST_P(WarehouseLoadTest, ReloadingAFileReplacesItsRows) {
  const auto first = random_events(catalog_, 1, 500, kStart, 3, 1);
  const auto second = random_events(catalog_, 2, 500, kStart + 3 * kMicrosPerDay, 3, 2);
  load(catalog_, first);
  load(catalog_, second);
  expect_activity_matches_events();
  EXPECT_NE(scalar("SELECT CAST(SUM(product_views) AS TEXT) FROM warehouse.agg_product_performance"), "0");
  const std::string once = fingerprint();
  const WarehouseLoadResult again = load(catalog_, second, {2});
  EXPECT_EQ(again.facts_deleted, again.fact_events + again.fact_sales);
  EXPECT_EQ(fingerprint(), once);
  load(catalog_, second, {2});
  EXPECT_EQ(fingerprint(), once);
  expect_activity_matches_events();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events WHERE file_id = 2"), "500");
  // The file replaced by a different one: its activity goes with its events.
  load(catalog_, random_events(catalog_, 2, 100, kStart + 3 * kMicrosPerDay, 3, 9), {2});
  expect_activity_matches_events();
}

TEST_P(WarehouseLoadTest, FullRefreshKeepsOnlyTheNewLoad) {
  load(catalog_, random_events(catalog_, 1, 300, kStart, 3, 1));
  const auto second = random_events(catalog_, 2, 200, kStart, 3, 2);
  load(catalog_, second, {}, true);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events"), "200");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_sales WHERE file_id <> 2"), "0");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_product_activity WHERE file_id <> 2"), "0");
  expect_activity_matches_events();
}

TEST_P(WarehouseLoadTest, PriceChangeStartsANewVersionAndOldSalesKeepTheOldPrice) {
  load(catalog_, {fact(1, kStart, 0, 1, EventType::kPurchase, 2)});  // p002 at 10.50
  Catalog changed;
  for (const Customer& customer : catalog_.customers())
    changed.add_customer(customer.id, customer.join_date, customer.segment);
  for (const Product& product : catalog_.products())
    changed.add_product(product.id, product.name + (product.id == "p003" ? " v2" : ""),
                        product.id == "p004" ? "Books" : product.category,
                        product.id == "p002" ? 1200 : product.price, product.stock);
  const WarehouseLoadResult result =
      load(changed, {fact(2, kStart + kMicrosPerDay, 1, 1, EventType::kPurchase, 1)});  // p002 at 12.00
  EXPECT_EQ(result.product_versions_added, 2);  // p002 price, p004 category; p003's name is type 1
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.dim_product WHERE product_id = 'p002'"), "2");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.dim_product WHERE product_id = 'p003'"), "1");
  EXPECT_EQ(scalar("SELECT product_name FROM warehouse.dim_product WHERE product_id = 'p003'"),
            "Product Gamma 3 v2");
  EXPECT_EQ(scalar("SELECT price_cents FROM warehouse.dim_product WHERE product_id = 'p002' AND is_current"),
            "1200");
  // The old version ends where the new one starts, just after the last fact loaded before the change.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.dim_product o JOIN warehouse.dim_product n "
                   "ON n.product_id = o.product_id AND n.valid_from = o.valid_to "
                   "WHERE o.product_id = 'p002' AND NOT o.is_current AND n.is_current"),
            "1");
  EXPECT_EQ(scalar("SELECT CAST(valid_to AS TEXT) FROM warehouse.dim_product WHERE product_id = 'p002' AND "
                   "NOT is_current"),
            "2023-10-23 00:00:00.000001");
  EXPECT_EQ(scalar("SELECT unit_price_cents FROM warehouse.fact_sales WHERE file_id = 1"), "1050");
  EXPECT_EQ(scalar("SELECT revenue_cents FROM warehouse.fact_sales WHERE file_id = 1"), "2100");
  EXPECT_EQ(scalar("SELECT unit_price_cents FROM warehouse.fact_sales WHERE file_id = 2"), "1200");

  // Reloading the first file after the change: its purchase predates the change, so the old price holds.
  load(changed, {fact(1, kStart, 0, 1, EventType::kPurchase, 2)}, {1});
  EXPECT_EQ(scalar("SELECT revenue_cents FROM warehouse.fact_sales WHERE file_id = 1"), "2100");
  EXPECT_EQ(
      scalar("SELECT SUM(revenue_cents) FROM warehouse.agg_product_performance WHERE product_id = 'p002'"),
      "3300");
}

TEST_P(WarehouseLoadTest, SegmentChangeSplitsTheCustomersSales) {
  load(catalog_, {fact(1, kStart, 1, 0, EventType::kPurchase, 1)});  // c002 is New
  Catalog changed;
  for (const Customer& customer : catalog_.customers())
    changed.add_customer(customer.id, customer.join_date, customer.id == "c002" ? "VIP" : customer.segment);
  for (const Product& product : catalog_.products())
    changed.add_product(product.id, product.name, product.category, product.price, product.stock);
  WarehouseOptions options;
  options.changes_effective_at = kStart + kMicrosPerDay;
  const auto result =
      load(changed, {fact(2, kStart + 2 * kMicrosPerDay, 1, 0, EventType::kPurchase, 1)}, {}, false, options);
  EXPECT_EQ(result.customer_versions_added, 1);
  EXPECT_EQ(
      scalar("SELECT CAST(valid_from AS TEXT) FROM warehouse.dim_customer WHERE customer_id = 'c002' AND "
             "is_current"),
      "2023-10-24 00:00:00");
  const auto rows = warehouse_sales_report(db());
  ASSERT_EQ(rows.size(), size_t{2});
  EXPECT_EQ(rows[0].segment, "New");
  EXPECT_EQ(rows[1].segment, "VIP");
  EXPECT_EQ(scalar("SELECT segment FROM warehouse.agg_customer_metrics WHERE customer_id = 'c002'"), "VIP");
}

TEST_P(WarehouseLoadTest, FailedLoadRolledBackLeavesTheWarehouseAsBefore) {
  const auto events = random_events(catalog_, 1, 400, kStart, 4, 3);
  load(catalog_, events);
  const std::string before = fingerprint();
  const auto replacement = random_events(catalog_, 1, 900, kStart, 4, 4);
  EXPECT_THROW(with_transaction(db(),
                                [&] {
                                  load_warehouse(db(), catalog_, begin_run(db()), false, {1},
                                                 source_of(replacement, 50, 5));
                                }),
               std::runtime_error);
  EXPECT_EQ(fingerprint(), before);
  expect_activity_matches_events();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM pipeline_stage_runs"), "1");
  // The connection is still usable after the aborted bulk load.
  load(catalog_, replacement, {1});
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events"), "900");
  expect_activity_matches_events();
}

TEST_P(WarehouseLoadTest, WithoutFactEventsSalesStillLoad) {
  WarehouseOptions options;
  options.load_fact_events = false;
  const auto events = random_events(catalog_, 1, 400, kStart, 4, 5);
  const auto result = load(catalog_, events, {}, false, options);
  EXPECT_EQ(result.fact_events, 0);
  EXPECT_GT(result.fact_sales, 10);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events"), "0");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_product_activity"), "0");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_sales"), std::to_string(result.fact_sales));
}

TEST_P(WarehouseLoadTest, DeleteFactsBetweenRemovesADateRange) {
  const auto events = random_events(catalog_, 1, 1000, kStart, 10, 6);
  load(catalog_, events);
  int64_t kept = 0;
  for (const FactEvent& event : events) {
    const DayNumber day = day_of(event.event.time);
    kept += day < day_of(kStart) + 3 || day > day_of(kStart) + 5;
  }
  int64_t deleted = 0;
  with_transaction(db(),
                   [&] { deleted = delete_facts_between(db(), day_of(kStart) + 3, day_of(kStart) + 5); });
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events"), std::to_string(kept));
  EXPECT_GT(deleted, 1000 - kept);  // both fact tables
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM warehouse.agg_daily_sales WHERE date_key BETWEEN 20231026 AND 20231028"),
      "0");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_product_activity WHERE date_key BETWEEN 20231026 AND "
                   "20231028"),
            "0");
  expect_activity_matches_events();
}

TEST_P(WarehouseLoadTest, MigrationFillsProductActivityFromLoadedEvents) {
  load(catalog_, random_events(catalog_, 1, 400, kStart, 3, 1));
  load(catalog_, random_events(catalog_, 2, 300, kStart + 2 * kMicrosPerDay, 3, 2));
  const auto activity_rows = [&] {
    std::string text;
    for (const auto& row : db().query(warehouse_sql(db(),
                                                    "SELECT date_key, product_key, file_id, product_views, "
                                                    "cart_adds FROM warehouse.fact_product_activity "
                                                    "ORDER BY date_key, product_key, file_id"))
                               .rows) {
      for (const auto& cell : row) text += cell.value_or("NULL") + ",";
      text += "\n";
    }
    return text;
  };
  const std::string loaded = activity_rows();
  ASSERT_FALSE(loaded.empty());

  // The warehouse as it was before the table existed: events loaded, no
  // activity. Migrating it again must derive the rows the loader wrote.
  const auto& migrations = migrations_for(db());
  const auto activity = std::find_if(migrations.begin(), migrations.end(), [](const Migration& migration) {
    return migration.name == "product_activity";
  });
  ASSERT_NE(activity, migrations.end());
  db().execute(warehouse_sql(db(), "DROP TABLE warehouse.fact_product_activity"));
  db().execute("DELETE FROM schema_version WHERE version = " + std::to_string(activity->version));
  EXPECT_EQ(migrate(db()), 1);
  EXPECT_EQ(activity_rows(), loaded);
  expect_activity_matches_events();
}

TEST_P(WarehouseLoadTest, StagingEventsKeepTheRawFields) {
  std::vector<StagingEvent> landed(3);
  for (size_t i = 0; i < landed.size(); ++i) {
    landed[i].file_id = 9;
    landed[i].source_entry = "events_2023-10-23.zip!part-001.json";
    landed[i].record_index = int64_t(i);
    landed[i].timestamp = "2023-10-23T00:00:17";
    landed[i].customer_id = "c001";
    landed[i].event_type = "page_view";
    landed[i].quantity = i == 1 ? std::optional<std::string>("2\t") : std::nullopt;
  }
  int64_t loaded = 0;
  with_transaction(db(), [&] {
    bool given = false;
    loaded = load_staging_events(db(), 5, [&](std::vector<StagingEvent>& batch) {
      if (!given) batch = landed;
      given = true;
      return false;
    });
  });
  EXPECT_EQ(loaded, 3);
  EXPECT_EQ(scalar("SELECT quantity FROM staging.events WHERE record_index = 1"), "2\t");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM staging.events WHERE quantity IS NULL AND product_id IS NULL"), "2");
  load(catalog_, {}, {9});
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM staging.events"), "0");
}

ECOMFLOW_ON_BOTH_BACKENDS(WarehouseLoadTest);

TEST(WarehouseSchemaTest, SqliteNamesArePrefixed) {
  EXPECT_EQ(
      warehouse_sql("sqlite", "SELECT x FROM warehouse.fact_sales f JOIN staging.events e ON e.a = f.a"),
      "SELECT x FROM warehouse_fact_sales f JOIN staging_events e ON e.a = f.a");
  EXPECT_EQ(warehouse_sql("sqlite", "ORDER BY category COLLATE \"C\""), "ORDER BY category");
  EXPECT_EQ(warehouse_sql("sqlite", "mywarehouse.x"), "mywarehouse.x");
  EXPECT_EQ(warehouse_sql("postgresql", "warehouse.fact_sales"), "warehouse.fact_sales");
}

}  // namespace
}  // namespace ecomflow
