#pragma once
/// Cheap text forms of the warehouse's column values for bulk loads. The
/// RowProducer hands back the same strings every row, so writing into them
/// in place allocates nothing once they have grown.

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.hpp"

namespace ecomflow {

/// A dimension version's start when it has no earlier history.
constexpr TimestampUs kValidSinceEver = -2'208'988'800LL * kMicrosPerSecond;  // 1900-01-01
/// The end of a current dimension version (9999-12-31, the Kimball convention
/// that lets BI tools join with BETWEEN).
constexpr TimestampUs kValidForever = 253'402'214'400LL * kMicrosPerSecond;

/// `YYYYMMDD` as an integer: the key of dim_date.
int32_t date_key_of(DayNumber day);

/// Sets `field` to the decimal text of `value`.
void set_integer(std::optional<std::string>& field, int64_t value);

/// Formats timestamps as `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC, fraction without
/// trailing zeros), the text both
/// PostgreSQL's TIMESTAMP and the SQLite tables use, computing each
/// calendar date once for a run of events on the same day.
class TimestampText {
 public:
  /// Sets `field` to the text of `time`.
  void set(std::optional<std::string>& field, TimestampUs time);
  /// The text of `time` as a new string.
  std::string format(TimestampUs time);

 private:
  DayNumber day_ = INT32_MIN;
  char date_[11] = {};
};

}  // namespace ecomflow
