#pragma once
/// The event contract of DESIGN.md, checked on one decoded record. Shape and
/// types only; whether the customer and product exist is enrich's job.

#include <cstdint>
#include <string_view>

#include "core/event.hpp"
#include "core/quarantine.hpp"
#include "ingest/raw_record.hpp"

namespace ecomflow {

/// Configurable limits of the contract.
struct ContractLimits {
  int64_t max_quantity = 10'000;  ///< purchases and cart events: 1 ≤ q ≤ max_quantity
  /// Timestamps before this instant are bad_timestamp (default 1970-01-01T00:00:00Z).
  TimestampUs earliest_time = days_from_civil(1970, 1, 1) * kMicrosPerDay;
  /// Timestamps at or after this instant are bad_timestamp (default 2100-01-01T00:00:00Z):
  /// a year 0000 or 9999 would otherwise reach the warehouse's date dimension.
  TimestampUs end_time = days_from_civil(2100, 1, 1) * kMicrosPerDay;
};

/// A record that satisfies the contract; catalog ids are still text.
struct CheckedRecord {
  TimestampUs time;
  EventType type;
  int32_t quantity;  ///< 0 for views, ≥ 1 for cart events and purchases
  std::string_view customer_id;
  std::string_view product_id;  ///< empty for page_view
  std::string_view event_id;    ///< empty when absent
  std::string_view session_id;  ///< empty when absent
};

/// Why a record was turned away: a typed reason and a fixed human detail.
struct Rejection {
  QuarantineReason reason;
  std::string_view detail;  ///< static text, e.g. "timestamp is not ISO-8601"
};

/// Checks `record` against the contract. On success fills `out` and returns
/// true; otherwise fills `rejection` with the first rule broken, in the order
/// object → duplicate field → timestamp (form, then range) → customer_id →
/// event_type → product_id → quantity.
bool check_contract(const RawRecord& record, const ContractLimits& limits, CheckedRecord& out,
                    Rejection& rejection);

/// check_contract for a stream of records: same rules, with a timestamp
/// parser that remembers the last date. One per thread.
class ContractChecker {
 public:
  explicit ContractChecker(const ContractLimits& limits) : limits_(limits) {}
  bool check(const RawRecord& record, CheckedRecord& out, Rejection& rejection);

 private:
  ContractLimits limits_;
  TimestampParser timestamps_;
};

}  // namespace ecomflow
