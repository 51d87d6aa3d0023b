#pragma once
/// `pipeline_stage_runs`: one row per stage of a run (rows in and out, time,
/// outcome), so a slow or failing stage shows up in history.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// One stage of one run.
struct StageRun {
  int64_t run_id = 0;
  std::string stage;          ///< `decode`, `warehouse`, …
  std::string status = "ok";  ///< `ok`, `failed`, `skipped`
  std::optional<int64_t> rows_in;
  std::optional<int64_t> rows_out;
  TimestampUs started_at = 0;
  double duration_seconds = 0;
  std::string error;  ///< empty when none
};

/// Appends a row to pipeline_stage_runs.
void record_stage_run(Database& database, const StageRun& stage_run);

/// The stages recorded for a run, in the order they were recorded.
std::vector<StageRun> stage_runs(Database& database, int64_t run_id);

}  // namespace ecomflow
