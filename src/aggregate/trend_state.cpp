#include "aggregate/trend_state.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace ecomflow {
namespace {

constexpr int64_t kMicrosPerHour = 3600 * kMicrosPerSecond;

}  // namespace

int64_t TrafficTotals::events() const {
  int64_t total = 0;
  for (int64_t count : by_type) total += count;
  return total;
}

double TrafficTotals::conversion() const {
  return views() == 0 ? 0.0 : double(purchases()) / double(views());
}

void TrafficTotals::merge(const TrafficTotals& other) {
  for (int i = 0; i < kEventTypeCount; ++i) by_type[i] += other.by_type[i];
  units += other.units;
  revenue += other.revenue;
}

TrendState::TrendState(const Catalog& catalog) : catalog_(&catalog) {}

void TrendState::add(std::span<const Event> events) {
  const auto& products = catalog_->products();
  for (const Event& event : events) {
    const DayNumber day = day_of(event.time);
    TrafficTotals& daily = days_[day];
    TrafficTotals& hourly = hourly_[size_t((event.time - int64_t(day) * kMicrosPerDay) / kMicrosPerHour)];
    ++daily.by_type[int(event.type)];
    ++hourly.by_type[int(event.type)];
    if (event.type == EventType::kPurchase) {
      const Cents revenue = Cents(event.quantity) * products[event.product].price;
      daily.units += event.quantity;
      daily.revenue += revenue;
      hourly.units += event.quantity;
      hourly.revenue += revenue;
    }
  }
}

void TrendState::merge(const TrendState& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  for (size_t hour = 0; hour < hourly_.size(); ++hour) hourly_[hour].merge(other.hourly_[hour]);
  other.days_.for_each([&](DayNumber day, const TrafficTotals& totals) {
    if (totals.events() != 0) days_[day].merge(totals);
  });
}

std::vector<DayTraffic> TrendState::daily() const {
  // Built from the days with events only, so the answer does not depend on
  // which days happened to be kept densely.
  std::map<DayNumber, TrafficTotals> active;
  days_.for_each([&](DayNumber day, const TrafficTotals& totals) {
    if (totals.events() != 0) active[day] = totals;
  });
  std::vector<DayTraffic> days;
  if (active.empty()) return days;
  const int64_t span = int64_t(active.rbegin()->first) - int64_t(active.begin()->first) + 1;
  if (span > kMaxDenseDays) {
    for (const auto& [day, totals] : active) days.push_back({day, totals});
    return days;
  }
  for (DayNumber day = active.begin()->first; day <= active.rbegin()->first; ++day) {
    const auto found = active.find(day);
    days.push_back({day, found == active.end() ? TrafficTotals{} : found->second});
  }
  return days;
}

std::vector<WeekTraffic> TrendState::weekly() const {
  std::vector<WeekTraffic> weeks;
  for (const DayTraffic& day : daily()) {
    const DayNumber monday = day.day - (iso_weekday(day.day) - 1);
    if (weeks.empty() || weeks.back().first_day != monday) weeks.push_back({iso_week(day.day), monday, {}});
    weeks.back().totals.merge(day.totals);
  }
  return weeks;
}

std::array<WeekdayTraffic, 7> TrendState::weekdays() const {
  std::array<WeekdayTraffic, 7> weekdays;
  for (int i = 0; i < 7; ++i) weekdays[size_t(i)].weekday = i + 1;
  for (const DayTraffic& day : daily()) {
    WeekdayTraffic& slot = weekdays[size_t(iso_weekday(day.day) - 1)];
    ++slot.days;
    slot.totals.merge(day.totals);
  }
  return weekdays;
}

std::optional<DayNumber> TrendState::peak_day_by_events() const {
  std::optional<DayNumber> peak;
  int64_t best = 0;
  for (const DayTraffic& day : daily()) {
    if (day.totals.events() > best) {
      best = day.totals.events();
      peak = day.day;
    }
  }
  return peak;
}

std::optional<DayNumber> TrendState::peak_day_by_revenue() const {
  std::optional<DayNumber> peak;
  Cents best = 0;
  for (const DayTraffic& day : daily()) {
    if (day.totals.revenue > best) {
      best = day.totals.revenue;
      peak = day.day;
    }
  }
  return peak;
}

}  // namespace ecomflow

namespace ecomflow {
namespace {

void save_totals(StateWriter& out, const TrafficTotals& totals) {
  for (const int64_t count : totals.by_type) out.put(count);
  out.put(totals.units);
  out.put(totals.revenue);
}

TrafficTotals restore_totals(StateReader& in) {
  TrafficTotals totals;
  for (int64_t& count : totals.by_type) in.get(count);
  in.get(totals.units);
  in.get(totals.revenue);
  return totals;
}

}  // namespace

void TrendState::save(StateWriter& out) const {
  for (const TrafficTotals& hour : hourly_) save_totals(out, hour);
  int64_t days = 0;
  days_.for_each([&](DayNumber, const TrafficTotals& totals) { days += totals.events() != 0; });
  out.put(days);
  days_.for_each([&](DayNumber day, const TrafficTotals& totals) {
    if (totals.events() == 0) return;
    out.put(int64_t(day));
    save_totals(out, totals);
  });
}

bool TrendState::restore(StateReader& in) {
  for (TrafficTotals& hour : hourly_) hour.merge(restore_totals(in));
  int64_t days = 0;
  if (!in.get(days) || days < 0) return false;
  for (int64_t i = 0; i < days && in.ok(); ++i) {
    int64_t day = 0;
    in.get(day);
    const TrafficTotals totals = restore_totals(in);
    if (in.ok()) days_[DayNumber(day)].merge(totals);
  }
  return in.ok();
}

}  // namespace ecomflow
