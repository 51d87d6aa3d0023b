#include "aggregate/product_state.hpp"

#include <gtest/gtest.h>

#include <random>

namespace ecomflow {
namespace {

Catalog product_catalog() {
  Catalog catalog;
  catalog.add_customer("c1", 0, "VIP");
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  catalog.add_product("p2", "Beta", "Books", 5000, 1);
  catalog.add_product("p3", "Gamma", "Toys", 300, 1);
  catalog.add_product("p4", "Unseen", "Toys", 300, 1);
  return catalog;
}

Event product_event(EventType type, uint32_t product, int32_t quantity = 0) {
  Event event{};
  event.type = type;
  event.product = product;
  event.quantity = quantity;
  return event;
}

TEST(ProductStateTest, CountsRanksAndRates) {
  const Catalog catalog = product_catalog();
  ProductState state(catalog);
  std::vector<Event> events;
  for (int i = 0; i < 4; ++i) events.push_back(product_event(EventType::kViewProduct, 0));
  events.push_back(product_event(EventType::kAddToCart, 0, 1));
  events.push_back(product_event(EventType::kAddToCart, 0, 1));
  events.push_back(product_event(EventType::kPurchase, 0, 5));  // 5 units, 50.00
  events.push_back(product_event(EventType::kPurchase, 1, 1));  // 1 unit, 50.00
  events.push_back(product_event(EventType::kPurchase, 2, 5));  // 5 units, 15.00
  events.push_back(product_event(EventType::kRemoveFromCart, 2, 1));
  Event page_view = product_event(EventType::kPageView, kNoProduct);
  events.push_back(page_view);
  state.add(events);

  const auto rows = state.performance();
  ASSERT_EQ(rows.size(), 3u);                               // p4 had no events
  EXPECT_EQ(catalog.products()[rows[0].product].id, "p1");  // revenue tie with p2, more units
  EXPECT_EQ(catalog.products()[rows[1].product].id, "p2");
  EXPECT_EQ(catalog.products()[rows[2].product].id, "p3");
  EXPECT_EQ(rows[0].rank_by_revenue, 1);
  EXPECT_EQ(rows[1].rank_by_revenue, 1);
  EXPECT_EQ(rows[2].rank_by_revenue, 3);
  EXPECT_EQ(rows[0].rank_by_units, 1);
  EXPECT_EQ(rows[2].rank_by_units, 1);
  EXPECT_EQ(rows[1].rank_by_units, 3);
  EXPECT_DOUBLE_EQ(rows[0].totals.view_to_cart(), 0.5);
  EXPECT_DOUBLE_EQ(rows[0].totals.cart_to_purchase(), 0.5);
  EXPECT_EQ(rows[2].totals.removes, 1);
  EXPECT_EQ(rows[2].totals.cart_to_purchase(), 0.0);

  const auto categories = state.by_category();
  ASSERT_EQ(categories.size(), 2u);
  EXPECT_EQ(categories[0].revenue, 10000);
  EXPECT_EQ(categories[0].views, 4);
  EXPECT_EQ(categories[1].units, 5);
}

TEST(ProductStateTest, MergeOfARandomSplitEqualsOnePass) {
  const Catalog catalog = product_catalog();
  std::mt19937_64 random(11);
  ProductState whole(catalog), merged(catalog), other(catalog);
  for (int i = 0; i < 3000; ++i) {
    const EventType type = EventType(1 + random() % 4);
    const std::vector<Event> one = {product_event(type, uint32_t(random() % 4), int32_t(1 + random() % 3))};
    whole.add(one);
    (random() % 2 ? merged : other).add(one);
  }
  merged.merge(other);
  EXPECT_EQ(whole.totals(), merged.totals());
}

}  // namespace
}  // namespace ecomflow
