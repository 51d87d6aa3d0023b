#pragma once
/// The rows of the fact tables and dim_date, written by the batch loader
/// (load_warehouse) and by a stream's appends (append_facts) alike, so both
/// map an event to the same columns.

#include <algorithm>
#include <climits>
#include <cstdint>
#include <functional>
#include <set>

#include "core/time.hpp"
#include "store/database.hpp"
#include "store/warehouse_dimensions.hpp"
#include "store/warehouse_load.hpp"
#include "store/warehouse_row_text.hpp"

namespace ecomflow {

/// Hands out the facts to write one at a time; null after the last.
using NextFact = std::function<const FactEvent*()>;

/// The day range of the events written, and the date key of the latest day.
class DayTracker {
 public:
  /// The date key of `day`, noting the day as covered.
  int32_t date_key(DayNumber day) {
    if (day != day_) {
      day_ = day;
      key_ = date_key_of(day);
      first_ = std::min(first_, day);
      last_ = std::max(last_, day);
    }
    return key_;
  }
  bool empty() const { return first_ > last_; }
  DayNumber first() const { return first_; }
  DayNumber last() const { return last_; }

 private:
  DayNumber day_ = INT32_MIN;
  int32_t key_ = 0;
  DayNumber first_ = INT32_MAX;
  DayNumber last_ = INT32_MIN;
};

/// Writes every fact of `next` to fact_events, noting its day in `days`,
/// then their views and cart adds per file, day and product version to
/// fact_product_activity. Returns the fact_events rows written.
int64_t write_fact_events(Database& database, const DimensionKeys& keys, const NextFact& next,
                          DayTracker& days);

/// Writes the purchases among the facts of `next` to fact_sales, priced
/// with their product version; returns the rows written.
int64_t write_fact_sales(Database& database, const DimensionKeys& keys, const NextFact& next, int64_t run_id);

/// Holds off other transactions that add days to dim_date until this one
/// ends (PostgreSQL; SQLite's write transactions already exclude each other).
void lock_dim_date(Database& database);

/// Writes the days `first`…`last` (inclusive) to dim_date, but those whose
/// date key is in `present`; returns the rows written.
int64_t write_dim_dates(Database& database, DayNumber first, DayNumber last,
                        const std::set<int32_t>& present = {});

}  // namespace ecomflow
