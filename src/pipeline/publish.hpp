#pragma once
/// Publishing a run's results under the reports directory: the sales report
/// CSVs, the analytics CSVs, the charts, run_summary.json and index.html.
/// Every file is written atomically.

#include <filesystem>

#include "aggregate/aggregates.hpp"
#include "report/chart.hpp"
#include "report/run_summary.hpp"

namespace ecomflow {

/// sessions.csv keeps this many session rows by default; every count covers all sessions.
constexpr size_t kDefaultSessionRows = 100'000;

/// Where and how reports are published.
struct PublishOptions {
  std::filesystem::path reports_dir = "reports";
  ChartFormat chart_format = ChartFormat::kPng;
  size_t max_session_rows = kDefaultSessionRows;  ///< rows of sessions.csv
  /// Threads that cut sessions and render files side by side; the files do
  /// not depend on it.
  int threads = 1;
};

/// Writes every report file for `totals`; returns how many files were
/// written. Fills in the summary's session figures when analytics are on.
size_t publish_reports(RunSummary& summary, const Aggregates& totals, const Catalog& catalog,
                       const PublishOptions& options);

}  // namespace ecomflow
