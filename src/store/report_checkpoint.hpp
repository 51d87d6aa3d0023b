#pragma once
/// The report checkpoint (migrations 110, 120): the aggregate state of every
/// event loaded so far, stored in the load's transaction, so that an
/// incremental run adds only its own events to it instead of replaying every
/// stored fact. Sessions are kept as the report of those no later event can
/// change plus a log of the events of the others (each customer's last
/// session cut by the gap, and session_id sessions).

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// The checkpoint row: the states but the session log, and what they cover.
struct ReportCheckpoint {
  std::string settings;     ///< what else the states depend on (catalog, session gap, analytics)
  int64_t fact_events = 0;  ///< rows of warehouse.fact_events the states cover
  int64_t sales_facts = 0;  ///< rows of sales_facts the states cover
  std::string counters;     ///< Aggregates::save_counters() bytes
  /// save_session_report() bytes of the sessions no later event can change
  /// (empty: none); the session log holds the events of the others.
  std::string closed_sessions;
};

/// The stored checkpoint; nullopt when there is none or it has another format.
std::optional<ReportCheckpoint> read_report_checkpoint(Database& database);

/// Replaces the checkpoint row (the caller's transaction keeps it in step with the facts).
void write_report_checkpoint(Database& database, const ReportCheckpoint& checkpoint);

/// Removes the checkpoint and every event stored with it.
void clear_report_checkpoint(Database& database);

/// Removes the checkpoint's session log (before a run stores the one that replaces it).
void clear_checkpoint_events(Database& database);

/// Rows now in warehouse.fact_events and in sales_facts.
std::pair<int64_t, int64_t> stored_fact_counts(Database& database);

/// Stores events as run `run_id`'s part of the checkpoint's session log, in
/// parts of a fixed number of events, in the caller's transaction.
class CheckpointEventWriter {
 public:
  CheckpointEventWriter(Database& database, int64_t run_id) : database_(database), run_id_(run_id) {}
  /// Adds events (their fingerprints are not kept).
  void add(std::span<const Event> events);
  /// Stores what is left; returns the events stored in all.
  int64_t finish();

 private:
  void store_part();

  Database& database_;
  int64_t run_id_;
  int64_t part_ = 0;
  int64_t stored_ = 0;
  std::string bytes_;
};

/// Streams every event of the checkpoint's session log in batches
/// (fingerprints are not kept). Returns the events streamed; throws
/// UserError when a stored part is unreadable.
int64_t replay_checkpoint_events(Database& database,
                                 const std::function<void(std::span<const Event>)>& consume);

}  // namespace ecomflow
