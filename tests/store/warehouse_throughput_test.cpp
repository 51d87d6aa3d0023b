// Loads a year of seed-001-shaped events into a real warehouse and prints the
// rows/s of each stage. Not part of the quick loop: it runs only when
// ECOMFLOW_WAREHOUSE_LOAD_URL names a database holding a catalog (e.g. from
// `ecomflow generate`), and it leaves the warehouse there for EXPLAIN ANALYZE
// (docs/explain/). ECOMFLOW_WAREHOUSE_EVENTS sets the volume (default 1.82 M,
// what `generate -c 52 --events-per-part 1000` writes). Speed is printed,
// never asserted.

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "store/catalog_store.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "store/warehouse_load.hpp"
#include "store/warehouse_schema.hpp"
#include "store/warehouse_test_data.hpp"

namespace ecomflow {
namespace {

/// Seed 001's mix: one week file per ISO week, 5 parts × N events per day,
/// +1–60 s per event, view 70 %, cart 25 %, purchase 5 % (quantity 1–3).
std::vector<FactEvent> seed001_year(const Catalog& catalog, size_t count) {
  std::mt19937_64 random(2023);
  std::vector<FactEvent> events;
  events.reserve(count);
  const size_t per_day = std::max<size_t>(1, count / 364);
  for (size_t i = 0; i < count; ++i) {
    const size_t day = i / per_day;
    const TimestampUs time = testing::kStart + TimestampUs(day) * kMicrosPerDay +
                             TimestampUs(i % per_day) * 17 * kMicrosPerSecond % kMicrosPerDay;
    const auto customer = uint32_t(random() % catalog.customers().size());
    const auto product = uint32_t(random() % catalog.products().size());
    const int roll = int(random() % 100);
    const EventType type = roll < 70   ? EventType::kViewProduct
                           : roll < 95 ? EventType::kAddToCart
                                       : EventType::kPurchase;
    const int32_t quantity =
        type == EventType::kPurchase ? int32_t(random() % 3 + 1) : type == EventType::kAddToCart;
    events.push_back(testing::fact(int64_t(day / 7 + 1), time, customer, product, type, quantity, random()));
  }
  return events;
}

TEST(WarehouseThroughputTest, LoadsAYearOfEvents) {
  const char* url = std::getenv("ECOMFLOW_WAREHOUSE_LOAD_URL");
  if (!url) GTEST_SKIP() << "set ECOMFLOW_WAREHOUSE_LOAD_URL to measure";
  const char* count_text = std::getenv("ECOMFLOW_WAREHOUSE_EVENTS");
  const size_t count = count_text ? std::stoull(count_text) : 1'820'000;
  auto database = Database::open(url);
  migrate(*database);
  const Catalog catalog = read_catalog(*database);
  ASSERT_FALSE(catalog.customers().empty()) << "load a catalog first (ecomflow generate)";
  const std::vector<FactEvent> events = seed001_year(catalog, count);
  std::vector<int64_t> files;
  for (int64_t week = 1; week <= 53; ++week) files.push_back(week);

  for (const bool with_events : {true, false}) {
    WarehouseOptions options;
    options.load_fact_events = with_events;
    WarehouseLoadResult result;
    with_transaction(*database, [&] {
      result = load_warehouse(*database, catalog, begin_run(*database), false, files,
                              testing::source_of(events, 8192), options);
    });
    std::printf(
        "%s, fact_events %s: %lld events -> fact_events %lld in %.3f s (%.0f rows/s), fact_sales %lld; "
        "whole load %.3f s\n",
        database->backend().c_str(), with_events ? "on" : "off", static_cast<long long>(events.size()),
        static_cast<long long>(result.fact_events), result.fact_events_seconds,
        double(result.fact_events) / std::max(1e-9, result.fact_events_seconds),
        static_cast<long long>(result.fact_sales), result.seconds);
    EXPECT_EQ(result.fact_events, with_events ? int64_t(events.size()) : 0);
  }
  // Leave the full warehouse behind for EXPLAIN ANALYZE.
  with_transaction(*database, [&] {
    load_warehouse(*database, catalog, begin_run(*database), false, files, testing::source_of(events, 8192));
  });
  if (database->backend() == "postgresql") database->execute("ANALYZE");
}

}  // namespace
}  // namespace ecomflow
