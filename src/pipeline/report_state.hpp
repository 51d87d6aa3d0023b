#pragma once
/// Reports over everything loaded so far without replaying every stored
/// fact: the report checkpoint (store/report_checkpoint.hpp) is brought
/// forward in the load's transaction by this run's own aggregates, and read
/// back after it. When it cannot be brought forward exactly, the run replays
/// the facts as before and stores a fresh checkpoint for the next run.

#include <optional>
#include <string>

#include "aggregate/aggregates.hpp"
#include "store/database.hpp"
#include "store/report_checkpoint.hpp"

namespace ecomflow {

/// The checkpoint a load can add its events to, or why it cannot.
struct CheckpointBase {
  std::optional<ReportCheckpoint> checkpoint;  ///< nullopt: see `refused`
  std::string refused;                         ///< why the reports need a full replay
};

/// In the load's transaction, before the load: the stored checkpoint when
/// it covers exactly the stored facts with the same settings; an empty one
/// when nothing is stored (a first run, a full refresh, which also clears
/// the stored one). A refused checkpoint is removed, so no later run uses it.
CheckpointBase checkpoint_before_load(Database& database, const Catalog& catalog,
                                      const Aggregates& run_totals, bool full_refresh, bool backfill,
                                      bool load_fact_events);

/// In the load's transaction, after it: `base` plus `run_totals`, the
/// stored open sessions extended by the run's events (`next_event_batch`
/// clears and fills a batch, false at the end) and split again into closed
/// and open ones, when the load only added facts, added exactly the run's
/// events, and no event without session_id comes before its customer's last
/// stored one. Returns the stored checkpoint, or nullopt after removing the
/// checkpoint (reason in `base.refused`).
std::optional<ReportCheckpoint> checkpoint_after_load(
    Database& database, CheckpointBase& base, const Catalog& catalog, const Aggregates& run_totals,
    int64_t run_id, int64_t facts_deleted, int64_t fact_events_loaded, int64_t sales_facts_loaded,
    const std::function<bool(std::vector<Event>&)>& next_event_batch);

/// Every metric over everything loaded, from a checkpoint just stored: its
/// counters, its closed sessions and the events of its open ones.
Aggregates aggregates_from_checkpoint(Database& database, const Catalog& catalog,
                                      const AggregateOptions& options, const ReportCheckpoint& checkpoint);

/// The full replay: every metric from warehouse.fact_events, sales from the
/// stored facts at the price of their day; stored as the checkpoint, the
/// sessions split into closed and open ones, in a transaction of its own, so
/// the next run can add to it.
Aggregates replay_into_checkpoint(Database& database, const Catalog& catalog, const AggregateOptions& options,
                                  int64_t run_id);

}  // namespace ecomflow
