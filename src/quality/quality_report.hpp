#pragma once
/// The outcome of running a set of checks: one result per check, the
/// observation, the status it earned and a sample of failing rows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quality/check_spec.hpp"

namespace ecomflow {

/// How a check came out. `kSkipped`: its table is missing and the check
/// allows that (skip_if_missing).
enum class CheckStatus { kPass, kWarn, kError, kSkipped };

/// `pass`, `warn`, `error` or `skipped`.
std::string_view check_status_name(CheckStatus status);

/// What one check measured.
struct Observation {
  std::optional<double> value;          ///< the metric the thresholds apply to; empty when not measurable
  std::optional<int64_t> failing_rows;  ///< row checks: how many rows fail
  bool failed = false;                  ///< the check's own condition (used without warn_if / error_if)
  std::string value_text;               ///< the value for people: `3 rows`, `52.0 h`, `z = 4.1`
  std::string condition_text;           ///< the built-in condition: `> 0 rows`, `> 48 h`
  std::string message;                  ///< why it could not be measured, or a note
  std::vector<std::string> sample;      ///< up to kFailureSampleSize failing rows as JSON objects
  bool table_missing = false;
};

/// Failing rows kept per result in quality_failures.
constexpr size_t kFailureSampleSize = 20;

/// One check's result.
struct CheckResult {
  CheckSpec spec;
  CheckStatus status = CheckStatus::kPass;
  Observation observation;
  std::string threshold_text;  ///< the condition that decided: built-in or warn_if / error_if
  double duration_ms = 0;
};

/// Which results make a batch of checks fail (`--fail-on`).
enum class FailOn { kError, kWarn, kNever };

/// `error`, `warn` or `never`; throws UsageError for anything else.
FailOn parse_fail_on(std::string_view text);

/// All results of one invocation of the checks (a batch).
struct QualityReport {
  int64_t batch_id = 0;  ///< identifies the batch in quality_results
  int64_t run_id = 0;    ///< the pipeline run checked; 0 = none
  std::string checked_at;
  std::vector<CheckResult> results;

  /// Results with status error.
  int errors() const;
  /// Results with status warn.
  int warnings() const;
  bool has_errors() const { return errors() > 0; }
  /// Whether the batch fails at `level`: any error (kError), any error or
  /// warning (kWarn), never (kNever).
  bool fails_at(FailOn level) const;
};

}  // namespace ecomflow
