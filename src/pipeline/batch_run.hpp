#pragma once
/// `ecomflow run`: the daily batch over an events directory, from discovery
/// to published reports, with an incremental ledger and the warehouse in the
/// database. Stages: connect, process (extract + validate + enrich +
/// aggregate in one parallel pass), load, check, report.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "aggregate/aggregates.hpp"
#include "core/currency.hpp"
#include "ingest/inflater.hpp"
#include "quality/quality_report.hpp"
#include "report/chart.hpp"
#include "validate/contract.hpp"
#include "validate/deduplicator.hpp"

namespace ecomflow {

/// Everything `run` needs to know.
struct BatchRunOptions {
  std::filesystem::path events_dir = "data";
  std::filesystem::path reports_dir = "reports";
  /// Order exports (`orders_<date>.csv` + `order_items_<date>.csv`) to load; empty = none.
  std::filesystem::path orders_dir;
  std::string database_url = "sqlite:ecomflow.db";
  std::string config_file;  ///< where [[checks]] come from; empty = ./ecomflow.toml if present
  int threads = 1;
  size_t batch_size = 8192;
  /// Compute and write reports only: no ledger, facts, warehouse, checks or
  /// history; every input is processed; the database is only read (catalog).
  bool report_only = false;
  /// Forget the ledger and the warehouse facts and recompute from every input.
  bool full_refresh = false;
  bool load_fact_events = true;  ///< warehouse.fact_events (off for very large runs)
  /// Backfill: reprocess every input (ledger or not) but replace only the
  /// facts of the days from…to (inclusive, UTC event days); other days stay.
  std::optional<std::pair<DayNumber, DayNumber>> backfill;
  bool run_checks = true;
  bool publish = true;  ///< write the reports (the report stage)
  FailOn fail_on = FailOn::kError;
  bool show_progress = false;  ///< a progress line on stderr
  ContractLimits limits;
  InflateLimits inflate;  ///< zip and gzip inflation per input (zip bombs)
  /// Raw bytes kept of one quarantined record (`--max-quarantined-record-kb`).
  size_t max_quarantined_record_bytes = kDefaultMaxQuarantinedRecordBytes;
  AggregateOptions aggregates;
  ChartFormat chart_format = ChartFormat::kPng;
  /// Money in the console summary, the charts and the page; unset: the catalog's own currency.
  std::optional<Currency> currency;
  size_t max_session_rows = 100'000;  ///< rows of sessions.csv (counts cover every session)
  Deduplicator::Options dedupe;       ///< memory of the duplicate index (the rest spills to TMPDIR)
  /// How long to wait for another run holding the database's run lock
  /// before giving up with exit code 7 (0 = give up at once).
  std::chrono::seconds wait_lock{0};
};

/// Runs the pipeline and returns the process exit code: 0; 3 when some files
/// were unreadable; 4 when a quality check failed at the --fail-on level (the
/// previous reports then stay in place). Throws UserError for what stops it:
/// exit 7 when another run holds the database's run lock, 128 + the signal
/// after a SIGINT/SIGTERM (the run rolled back and recorded as failed).
int run_batch(const BatchRunOptions& options);

/// The check stage alone, on what the database holds: runs the configured
/// checks and returns 4 when they fail at the `fail_on` level, else 0.
int run_database_checks(const std::string& database_url, const std::string& config_file, FailOn fail_on);

}  // namespace ecomflow
