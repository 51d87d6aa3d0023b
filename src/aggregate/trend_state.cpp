#include "aggregate/trend_state.hpp"

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

double TrafficTotals::conversion() const { return views() == 0 ? 0.0 : double(purchases()) / double(views()); }

void TrafficTotals::merge(const TrafficTotals& other) {
  for (int i = 0; i < kEventTypeCount; ++i) by_type[i] += other.by_type[i];
  units += other.units;
  revenue += other.revenue;
}

TrendState::TrendState(const Catalog& catalog) : catalog_(&catalog) {}

TrafficTotals& TrendState::day_slot(DayNumber day) {
  if (days_.empty()) {
    first_day_ = day;
    days_.resize(1);
  } else if (day < first_day_) {
    // Rare (a late file): shifting a few hundred days is cheaper than a map lookup per event.
    days_.insert(days_.begin(), size_t(first_day_ - day), TrafficTotals{});
    first_day_ = day;
  } else if (size_t(day - first_day_) >= days_.size()) {
    days_.resize(size_t(day - first_day_) + 1);
  }
  return days_[size_t(day - first_day_)];
}

void TrendState::add(std::span<const Event> events) {
  const auto& products = catalog_->products();
  for (const Event& event : events) {
    const DayNumber day = day_of(event.time);
    const size_t offset = size_t(int64_t(day) - int64_t(first_day_));
    TrafficTotals& daily = offset < days_.size() ? days_[offset] : day_slot(day);
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
  if (other.days_.empty()) return;
  day_slot(other.first_day_);
  day_slot(other.first_day_ + DayNumber(other.days_.size() - 1));
  const size_t shift = size_t(other.first_day_ - first_day_);
  for (size_t i = 0; i < other.days_.size(); ++i) days_[shift + i].merge(other.days_[i]);
}

std::vector<DayTraffic> TrendState::daily() const {
  std::vector<DayTraffic> days;
  days.reserve(days_.size());
  for (size_t i = 0; i < days_.size(); ++i) days.push_back({first_day_ + DayNumber(i), days_[i]});
  return days;
}

std::vector<WeekTraffic> TrendState::weekly() const {
  std::vector<WeekTraffic> weeks;
  for (size_t i = 0; i < days_.size(); ++i) {
    const DayNumber day = first_day_ + DayNumber(i);
    if (weeks.empty() || iso_weekday(day) == 1) weeks.push_back({iso_week(day), day - (iso_weekday(day) - 1), {}});
    weeks.back().totals.merge(days_[i]);
  }
  return weeks;
}

std::array<WeekdayTraffic, 7> TrendState::weekdays() const {
  std::array<WeekdayTraffic, 7> weekdays;
  for (int i = 0; i < 7; ++i) weekdays[size_t(i)].weekday = i + 1;
  for (size_t i = 0; i < days_.size(); ++i) {
    WeekdayTraffic& slot = weekdays[size_t(iso_weekday(first_day_ + DayNumber(i)) - 1)];
    ++slot.days;
    slot.totals.merge(days_[i]);
  }
  return weekdays;
}

std::optional<DayNumber> TrendState::peak_day_by_events() const {
  std::optional<DayNumber> peak;
  int64_t best = 0;
  for (size_t i = 0; i < days_.size(); ++i) {
    if (days_[i].events() > best) {
      best = days_[i].events();
      peak = first_day_ + DayNumber(i);
    }
  }
  return peak;
}

std::optional<DayNumber> TrendState::peak_day_by_revenue() const {
  std::optional<DayNumber> peak;
  Cents best = 0;
  for (size_t i = 0; i < days_.size(); ++i) {
    if (days_[i].revenue > best) {
      best = days_[i].revenue;
      peak = first_day_ + DayNumber(i);
    }
  }
  return peak;
}

}  // namespace ecomflow
