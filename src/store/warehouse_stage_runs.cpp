#include "store/warehouse_stage_runs.hpp"

#include <fmt/format.h>

namespace ecomflow {
namespace {

std::optional<std::string> optional_text(std::optional<int64_t> value) {
  return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
}

std::optional<int64_t> optional_integer(const std::optional<std::string>& text) {
  return text ? std::optional<int64_t>(std::stoll(*text)) : std::nullopt;
}

}  // namespace

void record_stage_run(Database& database, const StageRun& stage_run) {
  database.query(
      "INSERT INTO pipeline_stage_runs (run_id, stage, status, rows_in, rows_out, started_at, "
      "duration_seconds, error) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {std::to_string(stage_run.run_id), stage_run.stage, stage_run.status, optional_text(stage_run.rows_in),
       optional_text(stage_run.rows_out), format_timestamp(stage_run.started_at),
       fmt::format("{:.6f}", stage_run.duration_seconds),
       stage_run.error.empty() ? std::nullopt : std::optional<std::string>(stage_run.error)});
}

std::vector<StageRun> stage_runs(Database& database, int64_t run_id) {
  const std::string started_at =
      database.backend() == "postgresql" ? "CAST(started_at AT TIME ZONE 'UTC' AS TEXT)" : "started_at";
  const auto result = database.query(
      "SELECT run_id, stage, status, rows_in, rows_out, " + started_at +
          ", duration_seconds, error FROM pipeline_stage_runs WHERE run_id = $1 ORDER BY stage_run_id",
      {std::to_string(run_id)});
  std::vector<StageRun> runs;
  for (const auto& row : result.rows) {
    StageRun run;
    run.run_id = std::stoll(row[0].value_or("0"));
    run.stage = row[1].value_or("");
    run.status = row[2].value_or("");
    run.rows_in = optional_integer(row[3]);
    run.rows_out = optional_integer(row[4]);
    run.started_at = parse_timestamp(row[5].value_or("")).value_or(0);
    run.duration_seconds = row[6] ? std::stod(*row[6]) : 0.0;
    run.error = row[7].value_or("");
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace ecomflow
