#pragma once
/// The pipeline's memory between runs (migration 002): runs, the ledger of
/// processed input files, their purchases (sales_facts) and quarantined
/// records. Typed functions over the tables, the same on both backends.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "core/quarantine.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// Quarantine counts, one per QuarantineReason.
using ReasonCounts = std::array<int64_t, kQuarantineReasonCount>;

/// What a run read besides its records: inputs, bytes, and the quarantined
/// records and unreadable files by reason.
struct RunInputs {
  int64_t inputs_seen = 0;
  int64_t inputs_skipped = 0;
  int64_t bytes_read = 0;
  int64_t bytes_decoded = 0;
  ReasonCounts quarantined_by_reason{};
  ReasonCounts file_problems_by_reason{};
};

/// How a run ended, written to `pipeline_runs` by finish_run.
struct RunTotals {
  /// `running`, `loaded` (the load committed, the reports not yet written),
  /// then `ok`, `partial` or `failed`; the message says what was published.
  std::string status = "ok";
  int64_t records_read = 0;
  int64_t valid = 0;
  int64_t quarantined = 0;
  int64_t duplicates = 0;
  int64_t files_read = 0;
  int64_t files_quarantined = 0;
  double elapsed_seconds = 0;
  std::string message;
  /// The rest of the accounting (migration 007); nullopt for older runs.
  std::optional<RunInputs> inputs;
};

/// One row of `pipeline_runs`.
struct RunRecord {
  int64_t run_id;
  std::string started_at;
  std::string finished_at;  ///< empty while running
  RunTotals totals;
};

/// One valid purchase of a processed file (a row of `sales_facts`).
struct SalesFactRow {
  TimestampUs event_time;
  std::string customer_id;
  std::string product_id;
  int64_t quantity;
  Cents unit_price_cents;
};

/// Starts a run (status `running`) and returns its id.
int64_t begin_run(Database& database);

/// Records the end of a run: finish time, status and counts.
void finish_run(Database& database, int64_t run_id, const RunTotals& totals);

/// Records a run's input accounting (inputs, bytes, reasons by name) when
/// `totals` carries it.
void record_run_inputs(Database& database, int64_t run_id, const RunTotals& totals);

/// Replaces a finished run's elapsed time with the whole run's, once its
/// reports are written (finish_run records it at the load).
void set_run_elapsed(Database& database, int64_t run_id, double elapsed_seconds);

/// Adds `text` to a run's message (after a `; `).
void append_run_message(Database& database, int64_t run_id, const std::string& text);

/// Whether the ledger holds files that runs other than `run_id` loaded.
bool has_files_of_other_runs(Database& database, int64_t run_id);
/// Records a run's counts and status (`loaded`) without ending it: the
/// load committed, what follows (checks, reports) has not finished yet.
void record_run_progress(Database& database, int64_t run_id, const RunTotals& totals);

/// Ends a run that recorded its counts: finish time, status, message and
/// elapsed seconds; the counts stay.
void end_run(Database& database, int64_t run_id, const std::string& status, const std::string& message,
             double elapsed_seconds);

/// Marks every run that never finished (`running` or `loaded`) as `failed`,
/// saying whether its load had committed, and returns their ids. Call it
/// only while holding the run lock: then no live process owns such a run.
std::vector<int64_t> fail_unfinished_runs(Database& database);

/// The newest run that has not finished, if any.
std::optional<RunRecord> unfinished_run(Database& database);

/// The most recent runs, newest first.
std::vector<RunRecord> recent_runs(Database& database, int limit);

/// A file of the ledger: what was processed, from where, in which run.
struct ProcessedFile {
  int64_t file_id;
  std::string path;  ///< where the content was read first
  int64_t run_id;
};

/// The ledger file with this content (size and content hash), whatever its
/// path: a file's identity is its bytes, so the same archive under another
/// name, a symlink or a moved folder is found as already processed.
std::optional<ProcessedFile> find_processed(Database& database, int64_t size,
                                            const std::string& content_hash);

/// Records a processed file (or refreshes the record of the same path and
/// hash) and returns its file_id.
int64_t record_file(Database& database, int64_t run_id, const std::string& path, int64_t size,
                    const std::string& content_hash, int64_t records_read);

/// Stores quarantined records (bulk load); `file_id` is empty for records
/// not tied to a ledger file. `next` fills in one record at a time and
/// returns false when there are no more.
void insert_quarantine(Database& database, int64_t run_id, std::optional<int64_t> file_id,
                       const std::function<bool(QuarantineRecord&)>& next);
/// The same for records in memory.
void insert_quarantine(Database& database, int64_t run_id, std::optional<int64_t> file_id,
                       const std::vector<QuarantineRecord>& records);

/// Stores the valid purchases of one file (bulk load).
void insert_sales_facts(Database& database, int64_t file_id, const std::vector<SalesFactRow>& rows);
/// The same for purchases of any files, streamed: `next` fills in one
/// purchase and its file_id at a time and returns false when there are no
/// more. Returns how many were stored.
int64_t insert_sales_facts(Database& database,
                           const std::function<bool(int64_t& file_id, SalesFactRow& row)>& next);

/// Deletes the stored purchases made on UTC days from…to (inclusive), for a
/// backfill. Returns how many.
int64_t delete_sales_facts_between(Database& database, DayNumber from, DayNumber to);

/// Every stored purchase, ordered by file, then time.
std::vector<SalesFactRow> read_sales_facts(Database& database);
/// The same, one purchase at a time, holding one file's purchases in memory
/// at once rather than all of them.
void for_each_sales_fact(Database& database, const std::function<void(const SalesFactRow&)>& visit);

/// Forgets every processed file, purchase and quarantined record, for a full
/// refresh. Run history is kept. Call it inside the transaction that reloads.
void clear_pipeline_state(Database& database);

}  // namespace ecomflow
