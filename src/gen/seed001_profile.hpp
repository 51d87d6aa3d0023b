#pragma once
/// Seed 001's traffic: view_product 0.70, add_to_cart 0.25, purchase 0.05.

#include "gen/event_profile.hpp"

namespace ecomflow {

/// Seed 001's events: `timestamp` (naive ISO), `customer_id`, `event_type`,
/// `product_id`, and `quantity` 1–3 on purchases; customers and products
/// uniform over the catalog; +1–60 s from one event to the next.
///
/// Timestamps are strictly increasing across the whole dataset, not only
/// within a day: a day starts at max(its midnight, previous event + 1 s).
/// Seed 001's events carry no id, so deduplication compares content; with
/// per-day clocks two events could come out identical at large volumes and
/// be counted as false duplicates. Because the start of a day depends on all
/// days before it, the constructor sums every day's steps up front (their
/// own random stream, cheap), so days can still be generated in parallel.
class Seed001Profile final : public EventProfile {
 public:
  Seed001Profile(const GeneratorOptions& options, const Catalog& catalog);
  int64_t day_event_count(int day_index) const override;
  void generate_day(int day_index, std::vector<GeneratedEvent>& events) const override;
  void render(const GeneratedEvent& event, DayNumber file_day, RecordFields& fields) const override;

 private:
  uint64_t seed_;
  int64_t events_per_day_;
  const Catalog& catalog_;
  std::vector<int64_t> day_starts_;  ///< seconds since the epoch; the first event is 1–60 s later
};

}  // namespace ecomflow
