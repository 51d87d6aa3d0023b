#pragma once
/// The load stage of a run: the ledger, the stored facts, the quarantine and
/// the warehouse, all in ONE transaction, so a run killed at any point leaves
/// the database exactly as it was before the run.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aggregate/aggregates.hpp"
#include "aggregate/run_counts.hpp"
#include "core/catalog.hpp"
#include "core/quarantine.hpp"
#include "pipeline/event_spool.hpp"
#include "pipeline/quarantine_sink.hpp"
#include "store/database.hpp"
#include "store/report_checkpoint.hpp"
#include "store/warehouse_load.hpp"

namespace ecomflow {

/// A top-level input as the ledger records it.
struct LedgerInput {
  std::filesystem::path path;
  int64_t size = 0;
  std::string content_hash;
  RunCounts counts;  ///< what processing it produced (zero when skipped)
};

/// A 64-bit content hash of a whole file, as 16 hex digits, and its size:
/// a file's identity in the ledger. Empty for a file that cannot be opened.
std::string hash_file(const std::filesystem::path& path, int64_t& size);

struct OrderExportInputs;

/// Everything the load needs from the run so far.
struct LoadRequest {
  int64_t run_id;
  bool full_refresh;
  bool load_fact_events;
  const Catalog& catalog;
  const std::vector<LedgerInput>& inputs;
  const std::vector<bool>& skipped;
  std::vector<std::unique_ptr<EventSpool>>& spools;  ///< valid events of the processed inputs
  const QuarantineSink& quarantined;
  const RunCounts& counts;
  double elapsed_seconds;
  /// Backfill: replace the facts of these days instead of whole files.
  std::optional<std::pair<DayNumber, DayNumber>> backfill;
  /// Order exports read by this run (`run --orders`), or null.
  OrderExportInputs* order_exports = nullptr;
  /// The run's aggregates, to bring the report checkpoint forward; nullptr: leave it.
  const Aggregates* run_totals = nullptr;
};

/// What the load wrote.
struct LoadResult {
  int64_t files_recorded = 0;
  int64_t sales_facts = 0;
  WarehouseLoadResult warehouse;
  /// The report checkpoint this load stored, covering every loaded event.
  std::optional<ReportCheckpoint> checkpoint;
  /// Why it stored none, when it did not (the reports then replay the facts).
  std::string checkpoint_refused;
};

/// The run's one-line message in `pipeline_runs` (and so in `runs` and
/// `monitor`): new and skipped inputs, and the unreadable files by reason.
std::string run_message(const RunCounts& counts);

/// Writes the run into the database in one transaction.
LoadResult load_run(Database& database, const LoadRequest& request);

}  // namespace ecomflow
