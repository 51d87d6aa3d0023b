#pragma once
/// Event-time tumbling windows of shop metrics (exact counts, integer
/// cents) for one partition: open windows in memory, closed ones handed out
/// once and forgotten, every change remembered until it is committed.

#include <cstdint>
#include <map>
#include <unordered_set>
#include <vector>

#include "core/event.hpp"
#include "core/money.hpp"

namespace ecomflow {

/// The metrics of one window.
struct WindowMetrics {
  int64_t events = 0;
  int64_t customers = 0;  ///< distinct
  int64_t page_views = 0;
  int64_t product_views = 0;
  int64_t cart_adds = 0;
  int64_t cart_removes = 0;
  int64_t purchases = 0;
  int64_t units = 0;  ///< purchased
  Cents revenue = 0;  ///< purchased units × catalog price
  bool operator==(const WindowMetrics&) const = default;
};

/// A window's row as it goes to the database.
struct WindowRow {
  int64_t size_seconds;
  TimestampUs start;
  WindowMetrics metrics;
  bool closed;
};

/// Tumbling windows of one size over one partition's events.
class TumblingWindows {
 public:
  explicit TumblingWindows(int64_t size_seconds) : size_seconds_(size_seconds) {}

  /// Counts `event` (whose purchase is worth `unit_price` a unit) in its window.
  void add(const Event& event, Cents unit_price);
  /// Closes every window that ends at or before `watermark`.
  void close_until(TimestampUs watermark);
  /// Appends the windows changed since the last mark_committed().
  void collect_changes(std::vector<WindowRow>& out) const;
  /// The changes collected were stored: forget closed windows, clear the marks.
  void mark_committed();
  /// Windows held in memory.
  size_t open_windows() const { return windows_.size(); }
  /// Approximate bytes held.
  size_t state_bytes() const;

 private:
  struct Window {
    WindowMetrics metrics;
    std::unordered_set<uint32_t> customers;
    bool changed = false;
    bool closed = false;
  };
  int64_t size_seconds_;
  std::map<TimestampUs, Window> windows_;  ///< by start
};

}  // namespace ecomflow
