#pragma once
/// Catalogs and events for the warehouse tests: a small shop and a
/// deterministic random clickstream over it.

#include <random>
#include <stdexcept>
#include <vector>

#include "core/catalog.hpp"
#include "store/warehouse_load.hpp"

namespace ecomflow::testing {

/// 2023-10-23T00:00:00Z, seed 001's default start.
constexpr TimestampUs kStart = TimestampUs(days_from_civil(2023, 10, 23)) * kMicrosPerDay;

/// Six customers and four products over two categories and three segments.
inline Catalog small_catalog() {
  Catalog catalog;
  catalog.add_customer("c001", days_from_civil(2023, 1, 15), "VIP");
  catalog.add_customer("c002", days_from_civil(2023, 2, 3), "New");
  catalog.add_customer("c003", days_from_civil(2023, 2, 20), "Regular");
  catalog.add_customer("c004", days_from_civil(2023, 9, 9), "New");
  catalog.add_customer("c005", days_from_civil(2022, 12, 1), "VIP");
  catalog.add_customer("c006", days_from_civil(2023, 10, 1), "Regular");
  catalog.add_product("p001", "Product Alpha 1", "Electronics", 14999, 10);
  catalog.add_product("p002", "Product Beta 2", "Books", 1050, 3);
  catalog.add_product("p003", "Product Gamma 3", "Electronics", 2500, 0);
  catalog.add_product("p004", "Product Delta 4", "Home & Garden", 1000, 7);
  return catalog;
}

/// One event.
inline FactEvent fact(int64_t file_id, TimestampUs time, uint32_t customer, uint32_t product, EventType type,
                      int32_t quantity = 0, uint64_t session = 0) {
  Event event{};
  event.time = time;
  event.session_key = session;
  event.customer = customer;
  event.product = product;
  event.quantity = quantity;
  event.type = type;
  return {event, file_id};
}

/// `count` events spread over `days` days from `start`, with seed 001's mix
/// plus page views and cart removals, time-ordered per file.
inline std::vector<FactEvent> random_events(const Catalog& catalog, int64_t file_id, size_t count,
                                            TimestampUs start, int days, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<FactEvent> events;
  events.reserve(count);
  const TimestampUs span = TimestampUs(days) * kMicrosPerDay;
  for (size_t i = 0; i < count; ++i) {
    const TimestampUs time =
        start + TimestampUs(i) * (span / TimestampUs(count)) + TimestampUs(random() % 1000) * 1000;
    const auto customer = uint32_t(random() % catalog.customers().size());
    const auto product = uint32_t(random() % catalog.products().size());
    const int roll = int(random() % 100);
    const uint64_t session = random() % 50 + 1;
    if (roll < 10)
      events.push_back(fact(file_id, time, customer, kNoProduct, EventType::kPageView, 0, session));
    else if (roll < 65)
      events.push_back(fact(file_id, time, customer, product, EventType::kViewProduct, 0, session));
    else if (roll < 85)
      events.push_back(fact(file_id, time, customer, product, EventType::kAddToCart, 1, session));
    else if (roll < 90)
      events.push_back(fact(file_id, time, customer, product, EventType::kRemoveFromCart, 1, session));
    else
      events.push_back(
          fact(file_id, time, customer, product, EventType::kPurchase, int32_t(random() % 3 + 1), session));
  }
  return events;
}

/// A FactEventSource over `events` in batches of `batch_size`; throws
/// instead of handing out batch number `throw_at_batch` (0 = never; counted
/// over every pass).
inline FactEventSource source_of(const std::vector<FactEvent>& events, size_t batch_size = 7,
                                 size_t throw_at_batch = 0) {
  auto next = std::make_shared<size_t>(0);
  auto batches = std::make_shared<size_t>(0);
  return {[&events, batch_size, throw_at_batch, next, batches](std::vector<FactEvent>& batch) {
            if (++*batches == throw_at_batch) throw std::runtime_error("source failed");
            batch.clear();
            const size_t end = std::min(events.size(), *next + batch_size);
            batch.insert(batch.end(), events.begin() + long(*next), events.begin() + long(end));
            *next = end;
            return *next < events.size();
          },
          [next] { *next = 0; }};
}

}  // namespace ecomflow::testing
