#include "aggregate/aggregates.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>

namespace ecomflow {
namespace {

Catalog synthetic_catalog(int customers, int products) {
  Catalog catalog;
  const char* segments[] = {"VIP", "New", "Regular", "Lapsed"};
  const char* categories[] = {"Electronics", "Books", "Clothing", "Home & Garden", "Sports & Outdoors"};
  for (int i = 0; i < customers; ++i) catalog.add_customer(fmt::format("c{}", i), 0, segments[i % 4]);
  for (int i = 0; i < products; ++i)
    catalog.add_product(fmt::format("p{}", i), "Product", categories[i % 5], 1000 + i * 97, 10);
  return catalog;
}

/// Shop-like traffic: per file, customers browse in bursts, time moves forward.
std::vector<Event> synthetic_events(const Catalog& catalog, size_t count, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<Event> events(count);
  TimestampUs time = *parse_timestamp("2023-10-23T00:00:00");
  for (Event& event : events) {
    time += TimestampUs(1 + random() % 2) * kMicrosPerSecond;
    event.time = time;
    event.customer = uint32_t(random() % catalog.customers().size());
    event.product = uint32_t(random() % catalog.products().size());
    const uint64_t roll = random() % 100;
    event.type = roll < 70   ? EventType::kViewProduct
                 : roll < 95 ? EventType::kAddToCart
                             : EventType::kPurchase;
    event.quantity = event.type == EventType::kViewProduct ? 0 : int32_t(1 + random() % 3);
    event.session_key =
        roll % 10 == 0 ? 1 + (time / (600 * kMicrosPerSecond)) * 1000 + event.customer % 7 : 0;
  }
  return events;
}

TEST(AggregatesTest, MergeOfARandomSplitEqualsOnePass) {
  const Catalog catalog = synthetic_catalog(50, 20);
  const std::vector<Event> events = synthetic_events(catalog, 20'000, 1);
  std::mt19937_64 random(2);
  std::vector<Event> left, right;
  for (const Event& event : events) (random() % 2 ? left : right).push_back(event);
  Aggregates whole(catalog), merged(catalog), other(catalog);
  whole.add(events);
  merged.add(right);  // the later-split half first: order of arrival must not matter
  other.add(left);
  merged.merge(other);
  EXPECT_EQ(whole.products.totals(), merged.products.totals());
  EXPECT_EQ(whole.customers.totals(), merged.customers.totals());
  EXPECT_EQ(whole.trends.hourly(), merged.trends.hourly());
  EXPECT_EQ(whole.sessions.report(), merged.sessions.report());
  EXPECT_EQ(whole.sales.revenue(), merged.sales.revenue());
}

TEST(AggregatesTest, MergeByMoveEqualsMergeByCopy) {
  const Catalog catalog = synthetic_catalog(50, 20);
  const std::vector<Event> events = synthetic_events(catalog, 5'000, 4);
  Aggregates copied(catalog), moved(catalog), left(catalog), right(catalog);
  copied.add(std::span(events).first(2000));
  moved.add(std::span(events).first(2000));
  left.add(std::span(events).subspan(2000));
  right.add(std::span(events).subspan(2000));
  copied.merge(left);
  moved.merge(std::move(right));
  EXPECT_EQ(copied.sessions.report(), moved.sessions.report());
  EXPECT_EQ(copied.products.totals(), moved.products.totals());
  EXPECT_EQ(moved.sessions.events(), 5000);
  EXPECT_EQ(right.sessions.events(), 0);  // NOLINT(bugprone-use-after-move): the log was taken over
}

TEST(AggregatesTest, SessionReportDoesNotDependOnThreads) {
  // Enough events that report() splits the customers among its threads.
  const Catalog catalog = synthetic_catalog(300, 40);
  const std::vector<Event> events = synthetic_events(catalog, 400'000, 7);
  Aggregates aggregates(catalog);
  aggregates.add(events);
  for (const size_t max_rows : {size_t(0), size_t(1000), size_t(1'000'000)}) {
    const SessionReport one = aggregates.sessions.report(max_rows, 1);
    EXPECT_EQ(one.sessions.size() + size_t(one.sessions_left_out), size_t(one.overall.sessions));
    for (const int threads : {2, 3, 8})
      EXPECT_EQ(one, aggregates.sessions.report(max_rows, threads)) << threads;
  }
}

TEST(AggregatesTest, SessionGapComesFromTheOptions) {
  const Catalog catalog = synthetic_catalog(1, 1);
  Aggregates aggregates(catalog, AggregateOptions{60 * kMicrosPerSecond});
  EXPECT_EQ(aggregates.sessions.gap_us(), 60 * kMicrosPerSecond);
  EXPECT_EQ(Aggregates(catalog).sessions.gap_us(), kDefaultSessionGapUs);
}

/// Seconds to feed `events` to `state` in pipeline-sized batches.
template <typename State>
double seconds_to_add(State& state, const std::vector<Event>& events) {
  const auto started = std::chrono::steady_clock::now();
  for (size_t offset = 0; offset < events.size(); offset += 8192)
    state.add(std::span(events).subspan(offset, std::min<size_t>(8192, events.size() - offset)));
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

/// Prints the cost of add() per event, per state, for a catalog size.
void print_add_cost(int customer_count, int product_count) {
  const Catalog catalog = synthetic_catalog(customer_count, product_count);
  const std::vector<Event> events = synthetic_events(catalog, 2'000'000, 3);
  const double per_event = 1e9 / double(events.size());
  Aggregates aggregates(catalog);
  const double total = seconds_to_add(aggregates, events);
  SalesState sales(catalog);
  TrendState trends(catalog);
  ProductState products(catalog);
  CustomerState customers(catalog);
  SessionState sessions(catalog);
  std::printf(
      "[ measure  ] %d customers, %d products, ns/event over %zu events: Aggregates %.1f = sales %.1f, "
      "trends %.1f, products %.1f, customers %.1f, sessions %.1f\n",
      customer_count, product_count, events.size(), total * per_event,
      seconds_to_add(sales, events) * per_event, seconds_to_add(trends, events) * per_event,
      seconds_to_add(products, events) * per_event, seconds_to_add(customers, events) * per_event,
      seconds_to_add(sessions, events) * per_event);
  const auto report_started = std::chrono::steady_clock::now();
  const SessionReport report = aggregates.sessions.report();
  const double report_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - report_started).count();
  std::printf("[ measure  ] sessions report %.1f ns/event (%lld sessions)\n", report_seconds * per_event,
              static_cast<long long>(report.overall.sessions));
  EXPECT_EQ(aggregates.sessions.events(), int64_t(events.size()));
  EXPECT_EQ(report.events.sum, int64_t(events.size()));
}

// Speed is judged by `make bench`, not here: these only print.
TEST(AggregatesTest, AddCostPerEventSeedSizedCatalog) { print_add_cost(100, 50); }
TEST(AggregatesTest, AddCostPerEventLargeCatalog) { print_add_cost(100'000, 2'000); }

}  // namespace
}  // namespace ecomflow
