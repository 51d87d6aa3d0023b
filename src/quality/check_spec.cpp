#include "quality/check_spec.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include "core/error.hpp"

namespace ecomflow {
namespace {

constexpr std::array<std::pair<CheckType, std::string_view>, 10> kTypeNames{{
    {CheckType::kNotNull, "not_null"},
    {CheckType::kUnique, "unique"},
    {CheckType::kAcceptedValues, "accepted_values"},
    {CheckType::kRelationships, "relationships"},
    {CheckType::kRange, "range"},
    {CheckType::kRowCount, "row_count"},
    {CheckType::kFreshness, "freshness"},
    {CheckType::kVolumeAnomaly, "volume_anomaly"},
    {CheckType::kQuarantineRate, "quarantine_rate"},
    {CheckType::kSql, "sql"},
}};

/// Table and column names go into SQL text, so only plain identifiers
/// (optionally `schema.table`) are accepted.
bool is_identifier(std::string_view name, bool allow_dot) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  for (char c : name) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (!plain && !(allow_dot && c == '.')) return false;
  }
  return !std::isdigit(static_cast<unsigned char>(name.front()));
}

bool is_number(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

[[noreturn]] void bad_check(const CheckSpec& spec, const std::string& problem) {
  throw UsageError(fmt::format("check '{}' ({}): {}", spec.name.empty() ? "<unnamed>" : spec.name,
                               check_type_name(spec.type), problem));
}

}  // namespace

std::string_view check_type_name(CheckType type) {
  for (const auto& [known, name] : kTypeNames)
    if (known == type) return name;
  return "unknown";
}

std::optional<CheckType> parse_check_type(std::string_view name) {
  for (const auto& [type, known] : kTypeNames)
    if (known == name) return type;
  return std::nullopt;
}

bool counts_failing_rows(CheckType type) {
  switch (type) {
    case CheckType::kNotNull:
    case CheckType::kUnique:
    case CheckType::kAcceptedValues:
    case CheckType::kRelationships:
    case CheckType::kRange:
    case CheckType::kSql:
      return true;
    default:
      return false;
  }
}

std::string_view severity_name(Severity severity) { return severity == Severity::kWarn ? "warn" : "error"; }

bool Threshold::fires(double observed) const {
  if (op == ">") return observed > value;
  if (op == ">=") return observed >= value;
  if (op == "<") return observed < value;
  if (op == "<=") return observed <= value;
  if (op == "==") return observed == value;
  return observed != value;
}

std::string Threshold::text() const { return fmt::format("{} {}", op, value); }

std::optional<Threshold> parse_threshold(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  Threshold threshold;
  for (std::string_view op : {">=", "<=", "==", "!=", ">", "<"}) {
    if (text.substr(0, op.size()) == op) {
      threshold.op = std::string(op);
      text.remove_prefix(op.size());
      break;
    }
  }
  if (threshold.op.empty()) return std::nullopt;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (!is_number(text)) return std::nullopt;
  std::from_chars(text.data(), text.data() + text.size(), threshold.value);
  return threshold;
}

void validate_check(const CheckSpec& spec) {
  if (spec.name.empty()) bad_check(spec, "every check needs a name");
  const bool needs_table = spec.type != CheckType::kQuarantineRate && spec.type != CheckType::kSql;
  if (needs_table && spec.table.empty()) bad_check(spec, "'table' is required");
  if (!spec.table.empty() && !is_identifier(spec.table, true))
    bad_check(spec,
              fmt::format("'{}' is not a table name (letters, digits, _ and one schema dot)", spec.table));
  for (const std::string& column : spec.columns)
    if (!is_identifier(column, false)) bad_check(spec, fmt::format("'{}' is not a column name", column));

  switch (spec.type) {
    case CheckType::kNotNull:
    case CheckType::kUnique:
    case CheckType::kRange:
    case CheckType::kFreshness:
    case CheckType::kVolumeAnomaly:
      if (spec.columns.empty()) bad_check(spec, "'column' (or 'columns') is required");
      break;
    case CheckType::kAcceptedValues:
      if (spec.columns.size() != 1) bad_check(spec, "exactly one 'column' is required");
      if (spec.values.empty()) bad_check(spec, "'values' must list at least one accepted value");
      break;
    case CheckType::kRelationships:
      if (spec.columns.size() != 1) bad_check(spec, "exactly one 'column' is required");
      if (spec.to_table.empty() || spec.to_column.empty()) bad_check(spec, "'to' and 'field' are required");
      if (!is_identifier(spec.to_table, true))
        bad_check(spec, fmt::format("'{}' is not a table name", spec.to_table));
      if (!is_identifier(spec.to_column, false))
        bad_check(spec, fmt::format("'{}' is not a column name", spec.to_column));
      break;
    default:
      break;
  }
  if (spec.type == CheckType::kRange || spec.type == CheckType::kRowCount) {
    if (!spec.min && !spec.max) bad_check(spec, "'min' or 'max' is required");
    if (spec.min && !is_number(*spec.min))
      bad_check(spec, fmt::format("'min' = '{}' is not a number", *spec.min));
    if (spec.max && !is_number(*spec.max))
      bad_check(spec, fmt::format("'max' = '{}' is not a number", *spec.max));
    if (spec.min && spec.max && std::stod(*spec.min) > std::stod(*spec.max))
      bad_check(spec, "'min' is above 'max'");
  }
  if (spec.type == CheckType::kFreshness && !(spec.max_age_hours > 0))
    bad_check(spec, "'max_age_hours' must be positive");
  if (spec.type == CheckType::kVolumeAnomaly && (spec.days < 2 || spec.days > 366))
    bad_check(spec, "'days' must be between 2 and 366");
  if (spec.type == CheckType::kVolumeAnomaly && !(spec.z_threshold > 0))
    bad_check(spec, "'z_threshold' must be positive");
  if (spec.type == CheckType::kQuarantineRate && !(spec.max_rate >= 0 && spec.max_rate <= 1))
    bad_check(spec, "'max_rate' must be between 0 and 1");
  if (spec.type == CheckType::kSql && spec.sql.empty()) bad_check(spec, "'query' is required");
}

}  // namespace ecomflow
