#pragma once
/// The entry point for running data-quality checks: `ecomflow check` and the
/// pipeline's quality stage both call run_quality_checks.

#include <cstdint>
#include <vector>

#include "quality/check_config.hpp"
#include "quality/check_spec.hpp"
#include "quality/quality_report.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// Runs every check on `database` in order and records the results in
/// quality_results (and up to 20 failing rows each in quality_failures) when
/// migration 005 is applied. `run_id` (0 = none) is stored with the results
/// and picks the run quarantine_rate reads. Call it outside a transaction:
/// a failing check's query must not abort the caller's work. Checks that
/// cannot run (bad SQL, missing table) come out as errors; only a failure to
/// record the results throws. `new_rows_only`: see evaluate_check().
QualityReport run_quality_checks(Database& database, const std::vector<CheckSpec>& checks, int64_t run_id,
                                 bool new_rows_only = false);

/// Runs the checks configured in `config_file` (or the built-in set) on the
/// database as it stands, judging quarantine_rate on its latest run.
/// Migrates first, so the results have their tables.
QualityReport check_database(Database& database, const std::string& config_file);

/// The status an observation earns: warn_if / error_if when either is set,
/// otherwise the check's own condition at its severity.
CheckStatus decide_status(const CheckSpec& spec, const Observation& observation);

/// The condition shown next to a result: `error_if > 100, warn_if > 10` or
/// the built-in one.
std::string threshold_text(const CheckSpec& spec, const Observation& observation);

}  // namespace ecomflow
