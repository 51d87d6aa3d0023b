#pragma once
/// What a run did, as `run_summary.json` (stable keys) and as the console
/// summary printed at the end of `ecomflow run`.

#include <filesystem>
#include <string>
#include <vector>

#include <optional>

#include "aggregate/aggregates.hpp"
#include "aggregate/run_counts.hpp"
#include "aggregate/session_report.hpp"
#include "core/currency.hpp"

namespace ecomflow {

/// One data-quality check's result as the page lists it.
struct CheckLine {
  std::string name;
  std::string status;  ///< pass, warn, error, skipped
  std::string observed;
  std::string threshold;
};

/// The order exports a run read (`run --orders`).
struct OrderExportSummary {
  RunCounts counts;          ///< inputs_* count exports; records are order rows and stray item rows
  int64_t orders_added = 0;  ///< new orders in the shop's orders (and so in fact_orders)
  int64_t lines_added = 0;
  double load_seconds = 0;
};

/// Everything the summary reports about one run.
struct RunSummary {
  int64_t run_id = 0;  ///< 0 when the run kept no history (--report-only)
  RunCounts counts;
  const Aggregates* totals;  ///< the report's aggregates (all processed data)
  double elapsed_seconds = 0;
  int threads = 1;
  bool report_only = false;
  std::filesystem::path reports_dir;
  std::optional<SessionCounts> sessions;  ///< when the analytics were computed
  /// This run's events by type (`totals` covers all processed data);
  /// nullopt when the run's own counts are unknown (`ecomflow report`).
  std::optional<EventTypeCounts> run_event_types;
  /// Why no reports were written (e.g. the failing checks); empty when they were.
  std::string reports_withheld;
  /// When the reports were generated, ISO-8601 UTC.
  std::string generated_at;
  /// The currency money is shown in (the `currency` setting).
  Currency currency;
  /// The latest data-quality results; nullopt when no checks ran.
  std::optional<std::vector<CheckLine>> checks;
  /// The order exports read, when the run was given some (`--orders`).
  std::optional<OrderExportSummary> orders;
};

/// The JSON document: records_read, valid, duplicates,
/// quarantined{total,by_reason}, files{read,quarantined}, purchases,
/// total_revenue (in currency units, like the CSVs), currency, elapsed_seconds,
/// plus inputs, events_by_type, throughput, and `orders` (the order
/// exports' exports, records_read, valid, duplicates, quarantined, files,
/// orders_added, lines_added) when the run read order exports.
std::string run_summary_json(const RunSummary& summary);

/// The aligned, compact console summary.
std::string run_summary_text(const RunSummary& summary);

}  // namespace ecomflow
