#pragma once
/// Event-time tumbling windows of shop metrics (exact counts, integer
/// cents) for one partition: open windows in memory, closed ones handed out
/// once and forgotten, every change remembered until it is committed.
/// A commit costs what changed since the last one, not what is open.

#include <cstdint>
#include <map>
#include <optional>
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

/// A set of catalog indexes: up to two inside the object (most windows of a
/// partition see one or two customers), more in a flat array (open
/// addressing): 4 to 8 bytes an element, where a node-based set costs tens.
class IndexSet {
 public:
  IndexSet() = default;
  ~IndexSet();
  IndexSet(const IndexSet&) = delete;
  IndexSet& operator=(const IndexSet&) = delete;

  /// True if `index` was not in the set (it is now).
  bool insert(uint32_t index);
  /// Bytes allocated besides the object.
  size_t bytes() const { return size_t(capacity_) * sizeof(uint32_t); }

 private:
  static constexpr uint32_t kInline = 2;
  static constexpr uint32_t kEmpty = UINT32_MAX;
  void grow();
  union {
    uint32_t inline_[kInline];
    uint32_t* slots_;
  };
  uint32_t capacity_ = 0;  ///< 0 while the elements are inline, else a power of two
  uint32_t size_ = 0;
};

/// Tumbling windows of one size over one partition's events.
class TumblingWindows {
 public:
  explicit TumblingWindows(int64_t size_seconds) : size_seconds_(size_seconds) {}

  /// Counts `event` (whose purchase is worth `unit_price` a unit) in its window.
  void add(const Event& event, Cents unit_price);
  /// Closes every window that ends at or before `watermark`.
  void close_until(TimestampUs watermark);
  /// Whether a window changed since the last mark_committed().
  bool has_changes() const { return !changed_.empty(); }
  /// Appends the windows changed since the last mark_committed(), by start.
  void collect_changes(std::vector<WindowRow>& out) const;
  /// The changes collected were stored: forget closed windows, clear the marks.
  void mark_committed();
  /// Windows held in memory.
  size_t open_windows() const { return windows_.size(); }
  /// Approximate bytes held.
  size_t state_bytes() const { return bytes_; }

 private:
  struct Window {
    WindowMetrics metrics;
    IndexSet customers;
    bool changed = false;
    bool closed = false;
  };
  void mark_changed(TimestampUs start, Window& window);

  int64_t size_seconds_;
  std::map<TimestampUs, Window> windows_;  ///< by start
  std::vector<TimestampUs> changed_;       ///< starts of the windows changed since the last commit
  std::optional<TimestampUs>
      closed_until_;  ///< the highest watermark applied: windows ending by it are closed
  size_t bytes_ = 0;
};

}  // namespace ecomflow
