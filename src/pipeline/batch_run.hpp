#pragma once
/// `ecomflow run`: the daily batch over an events directory, from discovery
/// to published reports, with an incremental ledger in the database.

#include <cstddef>
#include <filesystem>
#include <string>

#include "aggregate/aggregates.hpp"
#include "report/chart.hpp"
#include "validate/contract.hpp"

namespace ecomflow {

/// Everything `run` needs to know.
struct BatchRunOptions {
  std::filesystem::path events_dir = "data";
  std::filesystem::path reports_dir = "reports";
  std::string database_url = "sqlite:ecomflow.db";
  int threads = 1;
  size_t batch_size = 8192;
  /// Compute and write reports only: no ledger, no facts, no history; every
  /// input is processed. The database is only read (the catalog).
  bool report_only = false;
  /// Forget the ledger and recompute from every input.
  bool full_refresh = false;
  bool show_progress = false;  ///< a progress line on stderr
  ContractLimits limits;
  AggregateOptions aggregates;
  ChartFormat chart_format = ChartFormat::kPng;
};

/// Runs the pipeline and returns the process exit code (0, or 3 when some
/// files were unreadable). Throws UserError for what stops the run.
int run_batch(const BatchRunOptions& options);

}  // namespace ecomflow
