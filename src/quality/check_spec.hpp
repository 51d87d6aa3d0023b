#pragma once
/// What a data-quality check is: its type, the table and columns it looks at,
/// its severity and the thresholds that turn an observation into pass, warn
/// or error. Parsed from `[[checks]]` in ecomflow.toml (check_config.hpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// The kinds of check; see docs/quality.md for each one's parameters.
enum class CheckType {
  kNotNull,
  kUnique,
  kAcceptedValues,
  kRelationships,
  kRange,
  kRowCount,
  kFreshness,
  kVolumeAnomaly,
  kQuarantineRate,
  kSql,
};

/// `not_null`, `unique`, … (the names used in the config file).
std::string_view check_type_name(CheckType type);
/// The type named `name`, or nullopt.
std::optional<CheckType> parse_check_type(std::string_view name);
/// True for the types whose observation is a count of failing rows.
bool counts_failing_rows(CheckType type);

/// How bad a failed check is.
enum class Severity { kWarn, kError };

/// `warn` or `error`.
std::string_view severity_name(Severity severity);

/// A comparison such as `> 10` applied to a check's observed value.
struct Threshold {
  std::string op;  ///< `>`, `>=`, `<`, `<=`, `==` or `!=`
  double value = 0;

  /// True when `observed` meets the condition (i.e. the threshold fires).
  bool fires(double observed) const;
  /// `> 10`.
  std::string text() const;
};

/// Parses `"> 10"`, `">=0.5"`, `"== 0"`; nullopt names nothing — the caller
/// reports the check and the bad text.
std::optional<Threshold> parse_threshold(std::string_view text);

/// One declared check.
struct CheckSpec {
  std::string name;
  CheckType type = CheckType::kNotNull;
  Severity severity = Severity::kError;
  std::string table;                 ///< logical name, e.g. `warehouse.fact_sales`
  std::vector<std::string> columns;  ///< not_null / unique: one or more; others: the first
  std::string where;                 ///< optional SQL filter on the table's rows
  std::vector<std::string> values;   ///< accepted_values
  std::string to_table;              ///< relationships: the dimension table
  std::string to_column;             ///< relationships: its key column
  std::optional<std::string> min;    ///< range, row_count: a number as written
  std::optional<std::string> max;
  double max_age_hours = 24;          ///< freshness
  int days = 7;                       ///< volume_anomaly: trailing days for the mean
  double z_threshold = 3;             ///< volume_anomaly: |z| above this fails
  double max_rate = 0.05;             ///< quarantine_rate: share above this fails
  std::string sql;                    ///< sql: a query returning the failing rows
  std::optional<Threshold> warn_if;   ///< override: warn when the observation fires this
  std::optional<Threshold> error_if;  ///< override: error when the observation fires this
  bool skip_if_missing = false;       ///< a missing table skips the check instead of failing it
};

/// Checks a spec for missing or contradictory fields. Throws UsageError
/// naming the check and the problem.
void validate_check(const CheckSpec& spec);

}  // namespace ecomflow
