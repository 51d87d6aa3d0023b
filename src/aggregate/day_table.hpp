#pragma once
/// Values by UTC day for states that count per day on every event or
/// session. Days live in a vector indexed from the first day seen and grown
/// at either end, so a lookup is an index, not a hash or a tree walk. A day
/// that would stretch the vector past kMaxDenseDays (a stray timestamp in
/// year 9999) goes to a small map instead, so bad data cannot cost gigabytes.

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/time.hpp"

namespace ecomflow {

/// Longest run of days a DayTable keeps densely (ten years).
constexpr int64_t kMaxDenseDays = 3660;

/// A value per day, default-constructed on first use.
template <typename T, typename Allocator = std::allocator<T>>
class DayTable {
 public:
  /// The value of `day`, created on first use.
  T& operator[](DayNumber day) {
    const size_t offset = size_t(int64_t(day) - int64_t(first_day_));
    return offset < dense_.size() ? dense_[offset] : slot(day);
  }

  /// Calls `visit(day, value)` for every day that has a value, in day order
  /// (days inside the dense range that were never used included).
  template <typename Visit>
  void for_each(Visit&& visit) const {
    auto outlying = outlying_.begin();
    for (; outlying != outlying_.end() && outlying->first < first_day_; ++outlying)
      visit(outlying->first, outlying->second);
    for (size_t i = 0; i < dense_.size(); ++i) visit(DayNumber(int64_t(first_day_) + int64_t(i)), dense_[i]);
    for (; outlying != outlying_.end(); ++outlying) visit(outlying->first, outlying->second);
  }

 private:
  /// Grows the dense range to take `day`, or finds it in the map.
  T& slot(DayNumber day) {
    if (dense_.empty()) {
      first_day_ = day;
      dense_.resize(1);
      return dense_[0];
    }
    const int64_t last_day = int64_t(first_day_) + int64_t(dense_.size()) - 1;
    const int64_t span = std::max<int64_t>(last_day, day) - std::min<int64_t>(first_day_, day) + 1;
    if (span > kMaxDenseDays) return outlying_[day];
    if (day < first_day_) {
      // Rare (a late file): shifting a few hundred days is cheaper than a map lookup per use.
      dense_.insert(dense_.begin(), size_t(first_day_ - day), T{});
      first_day_ = day;
    } else {
      dense_.resize(size_t(span));
    }
    return dense_[size_t(day - first_day_)];
  }

  using PairAllocator =
      typename std::allocator_traits<Allocator>::template rebind_alloc<std::pair<const DayNumber, T>>;

  DayNumber first_day_ = 0;
  std::vector<T, Allocator> dense_;  ///< dense_[i] is first_day_ + i
  std::map<DayNumber, T, std::less<>, PairAllocator> outlying_;
};

}  // namespace ecomflow
