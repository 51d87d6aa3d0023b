#pragma once
/// Traffic over time: events, purchases, revenue and conversion per hour of
/// day and per day (weeks and weekdays are folded from the days).

#include <array>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "aggregate/day_table.hpp"
#include "aggregate/state_codec.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace ecomflow {

/// What happened in one time bucket.
struct TrafficTotals {
  int64_t by_type[kEventTypeCount] = {};
  int64_t units = 0;  ///< units purchased
  Cents revenue = 0;  ///< purchased units × catalog price

  /// Events of every type.
  int64_t events() const;
  /// view_product events.
  int64_t views() const { return by_type[int(EventType::kViewProduct)]; }
  /// purchase events.
  int64_t purchases() const { return by_type[int(EventType::kPurchase)]; }
  /// Purchases per view_product event; 0 without views.
  double conversion() const;
  /// Adds another bucket's counts.
  void merge(const TrafficTotals& other);
  bool operator==(const TrafficTotals&) const = default;
};

/// One UTC calendar day.
struct DayTraffic {
  DayNumber day;
  TrafficTotals totals;
};

/// One ISO-8601 week (Monday to Sunday).
struct WeekTraffic {
  IsoWeek week;
  DayNumber first_day;  ///< the Monday
  TrafficTotals totals;
};

/// All days falling on one weekday.
struct WeekdayTraffic {
  int weekday;       ///< ISO: 1 = Monday … 7 = Sunday
  int64_t days = 0;  ///< dates of this weekday among TrendState::daily()
  TrafficTotals totals;
};

/// Hour-of-day and per-day counters; days in a DayTable, so add() never hashes.
class TrendState {
 public:
  /// Prices come from the catalog.
  explicit TrendState(const Catalog& catalog);

  /// Counts a batch; order does not matter.
  void add(std::span<const Event> events);
  /// Folds another state of the same catalog into this one.
  void merge(const TrendState& other);

  /// Writes the state for a later restore() (state_codec.hpp).
  void save(StateWriter& out) const;
  /// Adds a state written by save() over the same catalog; false (and the
  /// state is then unusable) when it does not fit this catalog.
  bool restore(StateReader& in);
  /// Index = UTC hour of day (0–23).
  const std::array<TrafficTotals, 24>& hourly() const { return hourly_; }
  /// Every day from the first to the last day with events, empty days
  /// included, when that spans at most kMaxDenseDays; otherwise only the days
  /// with events.
  std::vector<DayTraffic> daily() const;

  /// Every ISO week touched by daily(), in order.
  std::vector<WeekTraffic> weekly() const;
  /// Index 0 = Monday.
  std::array<WeekdayTraffic, 7> weekdays() const;
  /// The day with the most events (earliest on ties); nullopt without events.
  std::optional<DayNumber> peak_day_by_events() const;
  /// The day with the most revenue (earliest on ties); nullopt without purchases.
  std::optional<DayNumber> peak_day_by_revenue() const;

 private:
  const Catalog* catalog_;
  std::array<TrafficTotals, 24> hourly_{};
  DayTable<TrafficTotals> days_;
};

}  // namespace ecomflow
