#include "aggregate/customer_state.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

namespace ecomflow {
namespace {

Catalog customer_catalog() {
  Catalog catalog;
  const char* segments[] = {"VIP", "VIP", "New", "Regular", "Lapsed", "New"};
  for (int i = 0; i < 6; ++i) catalog.add_customer(fmt::format("c{}", i + 1), 0, segments[i]);
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  return catalog;
}

Event purchase_at(uint32_t customer, const char* timestamp, int32_t quantity) {
  Event event{};
  event.time = *parse_timestamp(timestamp);
  event.type = EventType::kPurchase;
  event.customer = customer;
  event.quantity = quantity;
  return event;
}

std::vector<Event> rfm_events() {
  std::vector<Event> events;
  for (const char* day : {"2023-10-29T08:00:00", "2023-10-31T12:00:00", "2023-10-30T09:00:00"})
    events.push_back(purchase_at(0, day, 2));                  // c1: 3 orders, 60.00, 0 days ago
  events.push_back(purchase_at(1, "2023-10-30T12:00:00", 1));  // c2: 2 orders, 20.00, 1 day
  events.push_back(purchase_at(1, "2023-10-20T12:00:00", 1));
  events.push_back(purchase_at(2, "2023-10-28T12:00:00", 5));  // c3: 1 order, 50.00, 3 days
  for (const char* day :
       {"2023-10-22T12:00:00", "2023-10-21T12:00:00", "2023-10-20T12:00:00", "2023-10-19T12:00:00"})
    events.push_back(purchase_at(3, day, 1));                   // c4: 4 orders, 40.00, 9 days
  events.push_back(purchase_at(4, "2023-10-01T12:00:00", 10));  // c5: 1 order, 100.00, 31 days
  Event last = purchase_at(5, "2023-11-01T00:00:00", 0);
  last.type = EventType::kPageView;
  last.product = kNoProduct;
  events.push_back(last);  // c6 never buys; its page view is the data's "now"
  return events;
}

TEST(CustomerStateTest, TotalsAndRfmOnASmallSet) {
  const Catalog catalog = customer_catalog();
  CustomerState state(catalog);
  state.add(rfm_events());
  EXPECT_EQ(format_timestamp(*state.last_event_time()), "2023-11-01T00:00:00Z");

  const auto rows = state.metrics();
  ASSERT_EQ(rows.size(), 5u);
  auto find = [&](const char* id) {
    for (const CustomerMetrics& row : rows)
      if (catalog.customers()[row.customer].id == id) return row;
    ADD_FAILURE() << id;
    return rows[0];
  };
  EXPECT_EQ(catalog.customers()[rows[0].customer].id, "c5");  // by revenue
  const CustomerMetrics c1 = find("c1");
  EXPECT_EQ(c1.totals.orders, 3);
  EXPECT_EQ(c1.totals.units, 6);
  EXPECT_EQ(c1.totals.revenue, 6000);
  EXPECT_EQ(c1.average_order_value, 2000);
  EXPECT_EQ(format_timestamp(c1.totals.first_purchase), "2023-10-29T08:00:00Z");
  EXPECT_EQ(format_timestamp(c1.totals.last_purchase), "2023-10-31T12:00:00Z");
  EXPECT_EQ(c1.recency_days, 0);
  EXPECT_EQ(c1.rfm, (RfmScore{5, 4, 4}));
  EXPECT_EQ(c1.rfm_segment, "Champions");
  EXPECT_EQ(find("c2").rfm, (RfmScore{4, 3, 1}));
  EXPECT_EQ(find("c2").rfm_segment, "Loyal");
  EXPECT_EQ(find("c3").rfm, (RfmScore{3, 2, 3}));  // 1 order, tied with c5
  EXPECT_EQ(find("c3").rfm_segment, "Promising");
  EXPECT_EQ(find("c4").recency_days, 9);
  EXPECT_EQ(find("c4").rfm, (RfmScore{2, 5, 2}));
  EXPECT_EQ(find("c4").rfm_segment, "At Risk");
  EXPECT_EQ(find("c5").rfm, (RfmScore{1, 2, 5}));
  EXPECT_EQ(find("c5").rfm_segment, "Hibernating");
}

TEST(CustomerStateTest, RevenueByCatalogSegment) {
  const Catalog catalog = customer_catalog();
  CustomerState state(catalog);
  state.add(rfm_events());
  const auto segments = state.segment_revenue();
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_EQ(catalog.segments()[segments[0].segment], "VIP");
  EXPECT_EQ(segments[0].customers, 2);
  EXPECT_EQ(segments[0].orders, 5);
  EXPECT_EQ(segments[0].revenue, 8000);
  EXPECT_EQ(catalog.segments()[segments[1].segment], "New");
  EXPECT_EQ(segments[1].customers, 2);
  EXPECT_EQ(segments[1].purchasing_customers, 1);
  EXPECT_EQ(segments[1].units, 5);
}

TEST(CustomerStateTest, AverageOrderValueRoundsToTheNearestCent) {
  const Catalog catalog = customer_catalog();
  CustomerState state(catalog);
  state.add(
      std::vector<Event>{purchase_at(0, "2023-10-01T00:00:00", 1), purchase_at(0, "2023-10-02T00:00:00", 1),
                         purchase_at(0, "2023-10-03T00:00:00", 1), purchase_at(0, "2023-10-04T00:00:00", 1),
                         purchase_at(0, "2023-10-05T00:00:00", 1), purchase_at(0, "2023-10-06T00:00:00", 1),
                         purchase_at(0, "2023-10-07T00:00:00", 2)});
  EXPECT_EQ(state.metrics()[0].average_order_value, 1143);  // 80.00 / 7 = 11.428…
}

TEST(CustomerStateTest, MergeOfARandomSplitEqualsOnePass) {
  const Catalog catalog = customer_catalog();
  std::mt19937_64 random(3);
  CustomerState whole(catalog), merged(catalog), other(catalog);
  const TimestampUs base = *parse_timestamp("2023-10-01T00:00:00");
  for (int i = 0; i < 2000; ++i) {
    Event event{};
    event.time = base + TimestampUs(random() % (30 * kMicrosPerDay));
    event.customer = uint32_t(random() % 6);
    event.type = random() % 3 == 0 ? EventType::kPurchase : EventType::kViewProduct;
    event.quantity = int32_t(1 + random() % 3);
    const std::vector<Event> one = {event};
    whole.add(one);
    (random() % 2 ? merged : other).add(one);
  }
  merged.merge(other);
  EXPECT_EQ(whole.totals(), merged.totals());
  EXPECT_EQ(whole.last_event_time(), merged.last_event_time());
  const auto expected = whole.metrics();
  const auto actual = merged.metrics();
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i].customer, actual[i].customer);
    EXPECT_EQ(expected[i].rfm, actual[i].rfm);
  }
}

}  // namespace
}  // namespace ecomflow
