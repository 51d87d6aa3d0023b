#pragma once
/// Measures one check against a database: builds the check's SQL for the
/// backend, counts failing rows (or computes the metric) and samples them.

#include <cstdint>
#include <vector>

#include "quality/check_spec.hpp"
#include "quality/quality_report.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// Observes `spec` on `database`. `run_id` picks the run for
/// quarantine_rate (0 = the latest finished run). A database error becomes
/// an observation with a message, never an exception. With `new_rows_only`,
/// a relationships check on a table loaded per file (a file_id column) looks
/// only at the rows of the files run `run_id` recorded: for a load that only
/// added rows, the older ones were checked by the runs that loaded them.
Observation evaluate_check(Database& database, const CheckSpec& spec, int64_t run_id,
                           bool new_rows_only = false);

/// Checks that every column a check names exists in its table (when the
/// table exists: a missing table is the check's own failure). A missing
/// column is a bad definition, not a pass: throws UsageError naming the
/// check, the table and the columns it has.
void check_columns_exist(Database& database, const std::vector<CheckSpec>& checks);

/// The SQL selecting a row check's failing rows on `backend` (empty for
/// metric checks).
std::string failing_rows_sql(std::string_view backend, const CheckSpec& spec);

}  // namespace ecomflow
