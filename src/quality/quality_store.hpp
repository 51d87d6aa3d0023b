#pragma once
/// The quality history in the database (migration 005): results per batch
/// of checks and samples of failing rows.

#include <cstdint>
#include <string>
#include <vector>

#include "quality/quality_report.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// Writes every result of `report` to quality_results and its failing-row
/// sample to quality_failures, in one transaction.
void save_quality_report(Database& database, const QualityReport& report);

/// The counts of one past batch of checks.
struct QualityBatchSummary {
  int64_t batch_id = 0;
  std::string checked_at;
  int checks = 0;
  int errors = 0;
  int warnings = 0;
  int failures() const { return errors + warnings; }
};

/// The latest `limit` batches, newest first (empty without migration 005).
std::vector<QualityBatchSummary> recent_quality_batches(Database& database, int limit);

/// The stored failing-row sample of one result, as JSON objects.
std::vector<std::string> failure_sample(Database& database, int64_t result_id);

}  // namespace ecomflow
