#pragma once
/// Loads the star-schema warehouse (migrations 003–004, docs/warehouse.md)
/// inside the caller's transaction: type-2 dimensions from the catalog, facts
/// keyed by the ingest ledger's file_id, then aggregates rebuilt from facts.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/event.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// A valid event and the ledger file it came from.
struct FactEvent {
  Event event;
  int64_t file_id;
};

/// The facts of a load, read in batches. load_warehouse reads them twice
/// (fact_events, then the purchases for fact_sales) instead of holding the
/// purchases in memory, so the source must be able to start over.
struct FactEventSource {
  /// Clears and fills `batch` with the next events; returns false when the
  /// input is exhausted (events it put in that last batch are still loaded).
  std::function<bool(std::vector<FactEvent>& batch)> next;
  /// Starts the events over from the first.
  std::function<void()> rewind;
};

/// Switches for one load.
struct WarehouseOptions {
  /// Load warehouse.fact_events (every valid event). Off for very large runs
  /// that only need sales: fact_sales is always loaded.
  bool load_fact_events = true;
  /// Whether the caller also lands raw events with load_staging_events (it
  /// doubles the volume written; for audits). load_warehouse only deletes
  /// replaced files' staging rows; it never writes them.
  bool load_staging_events = false;
  /// When catalog changes seen by this load take effect. Default: just after
  /// the latest event already in the warehouse, so facts loaded earlier keep
  /// their versions and newer events get the new ones.
  std::optional<TimestampUs> changes_effective_at;
  /// The number of events the source holds, when known. A load large next to
  /// the facts already stored drops the fact tables' secondary indexes and
  /// builds them again after it (in the same transaction).
  std::optional<int64_t> expected_events;
};

/// What a load did.
struct WarehouseLoadResult {
  int64_t fact_sales = 0;     ///< rows loaded
  int64_t fact_events = 0;    ///< rows loaded (0 when switched off)
  int64_t facts_deleted = 0;  ///< fact rows of replaced files (or all, on a full refresh)
  int64_t customers_added = 0;
  int64_t customer_versions_added = 0;
  int64_t products_added = 0;
  int64_t product_versions_added = 0;
  int64_t dates_added = 0;
  int64_t indexes_rebuilt = 0;     ///< fact indexes dropped for the load and built again after it
  double fact_events_seconds = 0;  ///< streaming the source into fact_events
  double seconds = 0;              ///< the whole load
};

/// Syncs the dimensions with `catalog` (type 2) and snapshots it into
/// staging/production, deletes the fact rows of `replaced_file_ids` (every
/// fact when `full_refresh`), loads the events of `source` into fact_sales
/// (purchases) and fact_events, extends dim_date, rebuilds the aggregates and
/// records a `warehouse` row in pipeline_stage_runs. Never begins or commits:
/// call it inside the transaction that writes the ledger.
WarehouseLoadResult load_warehouse(Database& database, const Catalog& catalog, int64_t run_id,
                                   bool full_refresh, const std::vector<int64_t>& replaced_file_ids,
                                   const FactEventSource& source, const WarehouseOptions& options = {});

/// Deletes the facts of days `from`…`to` (inclusive) for a date-range
/// backfill, and rebuilds the aggregates. Returns the fact rows deleted.
/// Reload the range with load_warehouse in the same transaction.
int64_t delete_facts_between(Database& database, DayNumber from, DayNumber to);

/// Recomputes every agg_* table from the facts.
void rebuild_aggregates(Database& database);

/// The same after a load that only added the facts of `added_file_ids`:
/// agg_daily_sales is recomputed for the days those facts fall on only, and
/// the other agg_* tables add those facts' sums (recomputed whole when
/// `dimensions_changed`: the load rewrote dimension rows older facts use).
void refresh_aggregates(Database& database, const std::vector<int64_t>& added_file_ids,
                        bool dimensions_changed);

/// One landed event as it arrived: the raw field texts (nullopt = absent).
struct StagingEvent {
  int64_t file_id = 0;
  std::string source_entry;
  int64_t record_index = 0;
  std::optional<std::string> timestamp, customer_id, event_type, product_id, quantity, session_id, event_id;
};

/// Clears and fills `batch`; false when exhausted (the last batch is loaded).
using StagingEventSource = std::function<bool(std::vector<StagingEvent>& batch)>;

/// Appends raw events to staging.events (when WarehouseOptions::
/// load_staging_events is set). Returns the rows loaded.
int64_t load_staging_events(Database& database, int64_t run_id, const StagingEventSource& source);

}  // namespace ecomflow
