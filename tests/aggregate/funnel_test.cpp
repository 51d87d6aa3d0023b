#include "aggregate/funnel.hpp"

#include <gtest/gtest.h>

#include "aggregate/session_state.hpp"

namespace ecomflow {
namespace {

Event funnel_event(const char* timestamp, EventType type, uint32_t product) {
  Event event{};
  event.time = *parse_timestamp(timestamp);
  event.type = type;
  event.product = product;
  event.quantity = type == EventType::kViewProduct ? 0 : 1;
  return event;
}

TEST(FunnelTest, RatesOverallPerCategoryAndPerDay) {
  Catalog catalog;
  catalog.add_customer("c1", 0, "VIP");
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  catalog.add_product("p2", "Beta", "Toys", 1000, 1);
  std::vector<Event> events;
  for (int i = 0; i < 8; ++i)
    events.push_back(funnel_event("2023-10-23T10:00:00", EventType::kViewProduct, 0));
  for (int i = 0; i < 2; ++i)
    events.push_back(funnel_event("2023-10-24T10:00:00", EventType::kViewProduct, 1));
  for (int i = 0; i < 4; ++i) events.push_back(funnel_event("2023-10-23T10:10:00", EventType::kAddToCart, 0));
  events.push_back(funnel_event("2023-10-23T10:20:00", EventType::kPurchase, 0));
  ProductState products(catalog);
  TrendState trends(catalog);
  SessionState sessions(catalog);
  products.add(events);
  trends.add(events);
  sessions.add(events);

  const auto rows = funnel_rows(catalog, products, trends, sessions.report());
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].scope, FunnelScope::kOverall);
  EXPECT_EQ(rows[0].events.views, 10);
  EXPECT_DOUBLE_EQ(rows[0].events.view_to_cart(), 0.4);
  EXPECT_DOUBLE_EQ(rows[0].events.cart_to_purchase(), 0.25);
  EXPECT_DOUBLE_EQ(rows[0].events.view_to_purchase(), 0.1);
  EXPECT_EQ(rows[0].sessions.sessions, 2);
  EXPECT_EQ(rows[0].sessions.purchased, 1);
  EXPECT_EQ(rows[1].key, "Books");
  EXPECT_DOUBLE_EQ(rows[1].events.view_to_cart(), 0.5);
  EXPECT_EQ(rows[2].key, "Toys");
  EXPECT_EQ(rows[2].events.cart_to_purchase(), 0.0);
  EXPECT_EQ(rows[2].sessions.viewed, 1);
  EXPECT_EQ(rows[3].scope, FunnelScope::kDay);
  EXPECT_EQ(rows[3].key, "2023-10-23");
  EXPECT_EQ(rows[3].events.carts, 4);
  EXPECT_EQ(rows[3].sessions.added, 1);
  EXPECT_EQ(rows[4].key, "2023-10-24");
  EXPECT_EQ(rows[4].events.views, 2);
  EXPECT_EQ(funnel_scope_name(rows[4].scope), "day");
}

}  // namespace
}  // namespace ecomflow
