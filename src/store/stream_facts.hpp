#pragma once
/// Appends a stream commit's valid events to the warehouse facts with
/// dimension keys read once: what load_warehouse does for fact_events,
/// fact_product_activity and fact_sales, without the dimension sync, catalog
/// snapshot, aggregate rebuild and stage-run row that only a changed catalog
/// or a reader needs. A stream calls load_warehouse for its first commit and
/// this for the others, extending dim_date with add_dim_dates first.

#include <cstdint>
#include <optional>
#include <span>
#include <utility>

#include "store/database.hpp"
#include "store/warehouse_dimensions.hpp"
#include "store/warehouse_load.hpp"

namespace ecomflow {

/// Rows appended by append_facts().
struct AppendedFacts {
  int64_t fact_events = 0;
  int64_t fact_sales = 0;
};

/// Appends `events` to fact_events (every one), fact_product_activity
/// (their views and cart adds per file, day and product version) and
/// fact_sales (their purchases), in the caller's transaction. Every event's
/// day must already be in dim_date and its members in the dimensions.
AppendedFacts append_facts(Database& database, const DimensionKeys& keys, int64_t run_id,
                           std::span<const FactEvent> events);

/// The first and last day of dim_date; nullopt when it is empty.
std::optional<std::pair<DayNumber, DayNumber>> dim_date_range(Database& database);

/// Adds the days `first`…`last` (inclusive) to dim_date, which must not hold any of them.
void add_dim_dates(Database& database, DayNumber first, DayNumber last);

}  // namespace ecomflow
