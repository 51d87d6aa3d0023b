#include "aggregate/sales_state.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

Catalog small_catalog() {
  Catalog catalog;
  catalog.add_customer("c001", 0, "VIP");
  catalog.add_customer("c002", 0, "New");
  catalog.add_customer("c003", 0, "VIP");
  catalog.add_product("p001", "Product Alpha 1", "Books", 2450, 5);
  catalog.add_product("p002", "Product Beta 2", "Electronics", 14999, 5);
  return catalog;
}

Event purchase(uint32_t customer, uint32_t product, int32_t quantity) {
  Event event{};
  event.type = EventType::kPurchase;
  event.customer = customer;
  event.product = product;
  event.quantity = quantity;
  return event;
}

TEST(SalesStateTest, GroupsByCategoryAndSegmentExactly) {
  const Catalog catalog = small_catalog();
  SalesState state(catalog);
  std::vector<Event> events = {purchase(0, 0, 3), purchase(2, 0, 1), purchase(1, 1, 2), purchase(0, 0, 1)};
  Event view = purchase(0, 1, 1);
  view.type = EventType::kViewProduct;
  events.push_back(view);
  state.add(events);

  const auto rows = state.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].category, "Electronics");  // 2 × 149.99 = 299.98 beats 5 × 24.50 = 122.50
  EXPECT_EQ(rows[0].segment, "New");
  EXPECT_EQ(rows[0].revenue, 29998);
  EXPECT_EQ(rows[1].category, "Books");
  EXPECT_EQ(rows[1].revenue, 12250);
  EXPECT_EQ(rows[1].units, 5);
  EXPECT_EQ(rows[1].unique_customers, 2);
  EXPECT_EQ(state.purchases(), 4);
  EXPECT_EQ(state.revenue(), 29998 + 12250);
}

TEST(SalesStateTest, MergeEqualsOnePass) {
  const Catalog catalog = small_catalog();
  std::vector<Event> events;
  for (int i = 0; i < 100; ++i) events.push_back(purchase(uint32_t(i % 3), uint32_t(i % 2), i % 3 + 1));
  SalesState whole(catalog), left(catalog), right(catalog);
  whole.add(events);
  left.add(std::span(events).first(37));
  right.add(std::span(events).subspan(37));
  left.merge(right);
  const auto expected = whole.rows();
  const auto merged = left.rows();
  ASSERT_EQ(expected.size(), merged.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i].category, merged[i].category);
    EXPECT_EQ(expected[i].segment, merged[i].segment);
    EXPECT_EQ(expected[i].revenue, merged[i].revenue);
    EXPECT_EQ(expected[i].units, merged[i].units);
    EXPECT_EQ(expected[i].unique_customers, merged[i].unique_customers);
  }
}

TEST(SalesStateTest, TiesOrderByCategoryThenSegment) {
  Catalog catalog;
  catalog.add_customer("c1", 0, "Regular");
  catalog.add_customer("c2", 0, "Lapsed");
  catalog.add_product("p1", "x", "Sports", 1000, 0);
  catalog.add_product("p2", "y", "Books", 1000, 0);
  SalesState state(catalog);
  std::vector<Event> events = {purchase(0, 0, 1), purchase(1, 0, 1), purchase(0, 1, 1)};
  state.add(events);
  const auto rows = state.rows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].category + "/" + rows[0].segment, "Books/Regular");
  EXPECT_EQ(rows[1].category + "/" + rows[1].segment, "Sports/Lapsed");
  EXPECT_EQ(rows[2].category + "/" + rows[2].segment, "Sports/Regular");
}

}  // namespace
}  // namespace ecomflow
