#pragma once
// A small shop with two weeks of session traffic and one sale day, plus the
// figures the reports must show, counted here independently of the
// aggregate states (every session carries a session_id, so sessions are
// simply the distinct keys).

#include <fmt/format.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/event.hpp"

namespace ecomflow::testing {

/// The best seller's name: markup and quotes that the HTML must escape.
inline constexpr const char* kHostileProductName = "Deluxe <script>alert(\"x\")</script> & 'Co'";

struct SyntheticShop {
  Catalog catalog;
  std::vector<Event> events;
  DayNumber first_day = days_from_civil(2023, 11, 13);
  DayNumber surge_day = days_from_civil(2023, 11, 20);
  int days = 14;
  // Expected figures.
  Cents revenue = 0;
  int64_t purchases = 0;
  int64_t units = 0;
  int64_t views = 0;
  int64_t carts = 0;
  int64_t sessions = 0;
  int64_t converted_sessions = 0;
  int64_t cart_sessions = 0;
  int64_t abandoned_sessions = 0;
  std::map<DayNumber, Cents> revenue_by_day;
  std::map<uint32_t, int64_t> units_by_product;
};

/// Builds the shop; the sale day has four times the sessions and buys more.
inline SyntheticShop make_synthetic_shop(uint64_t seed = 7) {
  SyntheticShop shop;
  const char* segments[] = {"VIP", "New", "Regular", "Lapsed"};
  const char* categories[] = {"Electronics", "Books", "Home & Garden", "Toys"};
  for (int i = 0; i < 24; ++i)
    shop.catalog.add_customer(fmt::format("c{:03}", i + 1), 19000, segments[i % 4]);
  shop.catalog.add_product("p001", kHostileProductName, "Electronics", 12999, 5);
  for (int i = 1; i < 12; ++i)
    shop.catalog.add_product(fmt::format("p{:03}", i + 1), fmt::format("Product {}", i + 1),
                             categories[i % 4], 1000 + i * 2250, 10);

  std::mt19937_64 random(seed);
  uint64_t next_key = 1;
  for (int day = 0; day < shop.days; ++day) {
    const DayNumber date = shop.first_day + day;
    const bool surge = date == shop.surge_day;
    const int session_count = surge ? 80 : 20;
    for (int s = 0; s < session_count; ++s) {
      const uint64_t key = next_key++;
      const uint32_t customer = uint32_t(random() % 24);
      TimestampUs time = TimestampUs(date) * kMicrosPerDay +
                         TimestampUs(8 + random() % 14) * 3600 * kMicrosPerSecond +
                         TimestampUs(random() % 3600) * kMicrosPerSecond;
      auto push = [&](EventType type, uint32_t product, int32_t quantity) {
        Event event{};
        event.time = time;
        event.session_key = key;
        event.fingerprint = shop.events.size() + 1;
        event.customer = customer;
        event.product = product;
        event.quantity = quantity;
        event.type = type;
        shop.events.push_back(event);
        time += 30 * kMicrosPerSecond;
      };
      ++shop.sessions;
      push(EventType::kPageView, kNoProduct, 0);
      if (random() % 5 == 0) continue;  // bounced
      const int viewed = 1 + int(random() % 4);
      uint32_t product = 0;
      for (int v = 0; v < viewed; ++v) {
        // The first product is the most popular one.
        product = random() % 3 == 0 ? 0 : uint32_t(1 + random() % 11);
        push(EventType::kViewProduct, product, 0);
        ++shop.views;
      }
      if (random() % 2 == 0) continue;
      const int32_t quantity = 1 + int32_t(random() % (surge ? 3 : 2));
      push(EventType::kAddToCart, product, quantity);
      ++shop.carts;
      ++shop.cart_sessions;
      if (random() % (surge ? 4 : 2) == 0) {
        ++shop.abandoned_sessions;
        continue;
      }
      push(EventType::kPurchase, product, quantity);
      const Cents value = quantity * shop.catalog.products()[product].price;
      ++shop.purchases;
      ++shop.converted_sessions;
      shop.units += quantity;
      shop.revenue += value;
      shop.revenue_by_day[date] += value;
      shop.units_by_product[product] += quantity;
    }
  }
  return shop;
}

}  // namespace ecomflow::testing
