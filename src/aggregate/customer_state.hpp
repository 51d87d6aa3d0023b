#pragma once
/// Customer value: orders, units, revenue and purchase dates per customer,
/// RFM scores over purchasing customers, and revenue per catalog segment.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "aggregate/rfm.hpp"
#include "aggregate/state_codec.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace ecomflow {

/// Purchase counters of one customer.
struct CustomerTotals {
  int64_t orders = 0;  ///< purchase events
  int64_t units = 0;
  Cents revenue = 0;
  TimestampUs first_purchase = 0;  ///< meaningful when orders > 0
  TimestampUs last_purchase = 0;   ///< meaningful when orders > 0
  /// Adds another slot's purchases, widening the first/last purchase span.
  void merge(const CustomerTotals& other);
  bool operator==(const CustomerTotals&) const = default;
};

/// One purchasing customer with their RFM scores.
struct CustomerMetrics {
  uint32_t customer;  ///< catalog index
  CustomerTotals totals;
  Cents average_order_value;  ///< revenue / orders, rounded half up to the cent
  int64_t recency_days;       ///< whole days from the last purchase to the last event in the data
  RfmScore rfm;
  std::string_view rfm_segment;
};

/// Revenue of one catalog customer segment (`VIP`, `New`, …).
struct SegmentRevenue {
  uint16_t segment;       ///< index into Catalog::segments()
  int64_t customers = 0;  ///< catalog customers in the segment
  int64_t purchasing_customers = 0;
  int64_t orders = 0;
  int64_t units = 0;
  Cents revenue = 0;
};

/// Array-indexed counters, one slot per catalog customer, plus the latest
/// event time seen (the "now" of recency).
class CustomerState {
 public:
  /// Sized for the catalog's customers.
  explicit CustomerState(const Catalog& catalog);

  /// Counts the purchases of a batch and tracks the latest event time.
  void add(std::span<const Event> events);
  /// Folds another state of the same catalog into this one.
  void merge(const CustomerState& other);

  /// Writes the state for a later restore() (state_codec.hpp).
  void save(StateWriter& out) const;
  /// Adds a state written by save() over the same catalog; false (and the
  /// state is then unusable) when it does not fit this catalog.
  bool restore(StateReader& in);
  /// Index = catalog customer index.
  const std::vector<CustomerTotals>& totals() const { return totals_; }
  /// The latest event time of any type; nullopt before any event.
  std::optional<TimestampUs> last_event_time() const;
  /// Purchasing customers by revenue desc, then customer id; RFM as in rfm.hpp.
  std::vector<CustomerMetrics> metrics() const;
  /// Every catalog segment, in catalog order.
  std::vector<SegmentRevenue> segment_revenue() const;

 private:
  const Catalog* catalog_;
  std::vector<CustomerTotals> totals_;
  TimestampUs last_event_time_ = INT64_MIN;
};

}  // namespace ecomflow
