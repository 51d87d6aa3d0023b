#pragma once
/// Appends a stream commit's valid events to the warehouse facts with
/// dimension keys read once: what load_warehouse does for fact_events,
/// fact_product_activity and fact_sales, without the dimension sync, catalog
/// snapshot, dim_date extension, aggregate rebuild and stage-run row that
/// only a changed catalog, a new day or a reader needs. A stream calls
/// load_warehouse for its first commit and whenever a commit has a day
/// dim_date lacks, and this for the others.

#include <cstdint>
#include <span>

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

/// The first and last date_key of dim_date; {0, -1} when it is empty.
std::pair<int32_t, int32_t> dim_date_range(Database& database);

}  // namespace ecomflow
