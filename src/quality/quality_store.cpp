#include "quality/quality_store.hpp"

#include <fmt/format.h>

namespace ecomflow {
namespace {

std::optional<std::string> optional_number(const std::optional<double>& value) {
  return value ? std::optional<std::string>(fmt::format("{}", *value)) : std::nullopt;
}

}  // namespace

void save_quality_report(Database& database, const QualityReport& report) {
  with_transaction(database, [&] {
    for (const CheckResult& result : report.results) {
      const Observation& observation = result.observation;
      const auto inserted = database.query(
          "INSERT INTO quality_results (batch_id, run_id, check_name, check_type, table_name, severity, "
          "status, "
          "observed, threshold, failing_rows, message, checked_at, duration_ms) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING result_id",
          {std::to_string(report.batch_id),
           report.run_id > 0 ? std::optional<std::string>(std::to_string(report.run_id)) : std::nullopt,
           result.spec.name, std::string(check_type_name(result.spec.type)),
           result.spec.table.empty() ? std::nullopt : std::optional<std::string>(result.spec.table),
           std::string(severity_name(result.spec.severity)), std::string(check_status_name(result.status)),
           optional_number(observation.value), result.threshold_text,
           observation.failing_rows ? std::optional<std::string>(std::to_string(*observation.failing_rows))
                                    : std::nullopt,
           observation.message.empty() ? std::nullopt : std::optional<std::string>(observation.message),
           report.checked_at, fmt::format("{:.3f}", result.duration_ms)});
      const std::string result_id = inserted.rows.at(0).at(0).value_or("0");
      for (size_t row = 0; row < observation.sample.size(); ++row)
        database.query("INSERT INTO quality_failures (result_id, row_number, row_json) VALUES ($1, $2, $3)",
                       {result_id, std::to_string(row + 1), observation.sample[row]});
    }
  });
}

std::vector<QualityBatchSummary> recent_quality_batches(Database& database, int limit) {
  std::vector<QualityBatchSummary> batches;
  if (!database.table_exists("quality_results")) return batches;
  const auto result = database.query(
      "SELECT batch_id, CAST(MIN(checked_at) AS TEXT), COUNT(*), "
      "SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'warn' THEN 1 ELSE 0 END) "
      "FROM quality_results GROUP BY batch_id ORDER BY batch_id DESC LIMIT $1",
      {std::to_string(limit)});
  for (const auto& row : result.rows) {
    QualityBatchSummary batch;
    batch.batch_id = std::stoll(row[0].value_or("0"));
    batch.checked_at = row[1].value_or("");
    batch.checks = std::stoi(row[2].value_or("0"));
    batch.errors = std::stoi(row[3].value_or("0"));
    batch.warnings = std::stoi(row[4].value_or("0"));
    batches.push_back(std::move(batch));
  }
  return batches;
}

std::vector<std::string> failure_sample(Database& database, int64_t result_id) {
  std::vector<std::string> rows;
  const auto result =
      database.query("SELECT row_json FROM quality_failures WHERE result_id = $1 ORDER BY row_number",
                     {std::to_string(result_id)});
  for (const auto& row : result.rows) rows.push_back(row[0].value_or(""));
  return rows;
}

}  // namespace ecomflow
