#include "quality/check_config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "core/error.hpp"

namespace ecomflow {
namespace {

const std::set<std::string, std::less<>> kKnownKeys{
    "name",        "type",     "severity", "table",   "column",   "columns",        "where",
    "values",      "to",       "field",    "min",     "max",      "max_age_hours",  "days",
    "z_threshold", "max_rate", "query",    "warn_if", "error_if", "skip_if_missing"};

/// Reads one `[[checks]]` entry; `where` names it in errors.
class CheckReader {
 public:
  CheckReader(const toml::table& table, std::string where) : table_(table), where_(std::move(where)) {}

  CheckSpec read() {
    CheckSpec spec;
    spec.name = text("name").value_or("");
    const std::string label = spec.name.empty() ? where_ : fmt::format("{} '{}'", where_, spec.name);
    if (spec.name.empty()) fail(label, "'name' is required");
    for (const auto& [key, node] : table_)
      if (!kKnownKeys.count(key.str())) fail(label, fmt::format("unknown key '{}'", key.str()));
    const auto type_name = text("type");
    if (!type_name) fail(label, "'type' is required");
    const auto type = parse_check_type(*type_name);
    if (!type)
      fail(label, fmt::format("unknown type '{}' (not_null, unique, accepted_values, relationships, range, "
                              "row_count, freshness, volume_anomaly, quarantine_rate, sql)",
                              *type_name));
    spec.type = *type;
    const std::string severity = text("severity").value_or("error");
    if (severity != "warn" && severity != "error")
      fail(label, fmt::format("severity '{}' must be warn or error", severity));
    spec.severity = severity == "warn" ? Severity::kWarn : Severity::kError;
    spec.table = text("table").value_or("");
    if (auto column = text("column")) spec.columns.push_back(*column);
    for (std::string& column : list("columns")) spec.columns.push_back(std::move(column));
    if ((spec.type == CheckType::kFreshness || spec.type == CheckType::kVolumeAnomaly) &&
        spec.columns.empty())
      spec.columns.push_back("event_time");
    spec.where = text("where").value_or("");
    spec.values = list("values");
    spec.to_table = text("to").value_or("");
    spec.to_column = text("field").value_or("");
    spec.min = scalar("min");
    spec.max = scalar("max");
    spec.max_age_hours = number("max_age_hours").value_or(spec.max_age_hours);
    spec.days = int(number("days").value_or(spec.days));
    spec.z_threshold = number("z_threshold").value_or(spec.z_threshold);
    spec.max_rate = number("max_rate").value_or(spec.max_rate);
    spec.sql = text("query").value_or("");
    spec.warn_if = threshold("warn_if", label);
    spec.error_if = threshold("error_if", label);
    if (const toml::node* node = table_.get("skip_if_missing")) {
      if (!node->is_boolean()) fail(label, "'skip_if_missing' must be true or false");
      spec.skip_if_missing = node->value<bool>().value_or(false);
    }
    validate_check(spec);
    return spec;
  }

 private:
  [[noreturn]] void fail(const std::string& label, const std::string& problem) const {
    throw UsageError(fmt::format("{}: {}", label, problem));
  }

  std::optional<std::string> text(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_string()) fail(where_, fmt::format("'{}' must be a string", key));
    return node->value<std::string>();
  }

  /// A number or a numeric string, kept as written.
  std::optional<std::string> scalar(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::nullopt;
    if (node->is_integer()) return std::to_string(*node->value<int64_t>());
    if (node->is_floating_point()) return fmt::format("{}", *node->value<double>());
    if (node->is_string()) return node->value<std::string>();
    fail(where_, fmt::format("'{}' must be a number", key));
  }

  std::optional<double> number(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_number()) fail(where_, fmt::format("'{}' must be a number", key));
    return node->value<double>();
  }

  std::vector<std::string> list(std::string_view key) const {
    std::vector<std::string> items;
    const toml::node* node = table_.get(key);
    if (node == nullptr) return items;
    const toml::array* array = node->as_array();
    if (array == nullptr) fail(where_, fmt::format("'{}' must be an array", key));
    for (const toml::node& item : *array) {
      if (item.is_string())
        items.push_back(*item.value<std::string>());
      else if (item.is_integer())
        items.push_back(std::to_string(*item.value<int64_t>()));
      else
        fail(where_, fmt::format("'{}' must hold strings or integers", key));
    }
    return items;
  }

  std::optional<Threshold> threshold(std::string_view key, const std::string& label) const {
    const auto written = text(key);
    if (!written) return std::nullopt;
    auto parsed = parse_threshold(*written);
    if (!parsed)
      fail(label,
           fmt::format("{} = '{}' is not a condition like \"> 10\" (>, >=, <, <=, ==, !=)", key, *written));
    return parsed;
  }

  const toml::table& table_;
  std::string where_;
};

}  // namespace

std::vector<CheckSpec> parse_checks(std::string_view toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw UsageError(fmt::format("{}:{}:{}: {}", source, begin.line, begin.column, error.description()));
  }
  std::vector<CheckSpec> checks;
  const toml::node* node = root.get("checks");
  if (node == nullptr) return checks;
  const toml::array* array = node->as_array();
  if (array == nullptr)
    throw UsageError(fmt::format("{}: 'checks' must be an array of tables ([[checks]])", source));
  std::set<std::string> names;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* table = array->get(i)->as_table();
    const std::string where = fmt::format("{}: check #{}", source, i + 1);
    if (table == nullptr) throw UsageError(where + ": must be a table ([[checks]])");
    CheckSpec spec = CheckReader(*table, where).read();
    if (!names.insert(spec.name).second)
      throw UsageError(fmt::format("{} '{}': the name is used by an earlier check", where, spec.name));
    checks.push_back(std::move(spec));
  }
  return checks;
}

std::vector<CheckSpec> load_checks(const std::string& config_file) {
  std::string path = config_file;
  if (path.empty() && std::filesystem::exists("ecomflow.toml")) path = "ecomflow.toml";
  if (path.empty()) return default_checks();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("cannot read config file '{}'", path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<CheckSpec> checks = parse_checks(text, path);
  return checks.empty() ? default_checks() : checks;
}

}  // namespace ecomflow
