#include "quality/check_evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/error.hpp"

#include "core/logging.hpp"
#include "quality/table_metrics.hpp"
#include "quality/table_names.hpp"
#include "store/sql_text.hpp"

namespace ecomflow {
namespace {

std::string column_list(const std::vector<std::string>& columns, std::string_view separator) {
  std::string text;
  for (const std::string& column : columns)
    text += (text.empty() ? "" : std::string(separator)) + quote_identifier(column);
  return text;
}

std::string and_where(const CheckSpec& spec) { return spec.where.empty() ? "" : " AND (" + spec.where + ")"; }

/// A result row as a JSON object of text values.
std::string row_json(const QueryResult& result, size_t row) {
  std::string json = "{";
  for (size_t column = 0; column < result.columns.size(); ++column) {
    if (column > 0) json += ", ";
    fmt::format_to(std::back_inserter(json), "\"{}\": ", json_escape(result.columns[column]));
    const auto& value = result.rows[row][column];
    if (value) {
      fmt::format_to(std::back_inserter(json), "\"{}\"", json_escape(*value));
    } else {
      json.append("null");
    }
  }
  return json + "}";
}

std::string rows_text(int64_t rows) { return fmt::format("{} row{}", rows, rows == 1 ? "" : "s"); }

/// Every table a check reads, for the missing-table test.
std::vector<std::string> tables_of(const CheckSpec& spec) {
  std::vector<std::string> tables;
  if (!spec.table.empty()) tables.push_back(spec.table);
  if (!spec.to_table.empty()) tables.push_back(spec.to_table);
  if (spec.type == CheckType::kQuarantineRate) tables.push_back("pipeline_runs");
  return tables;
}

Observation observe_failing_rows(Database& database, const CheckSpec& spec) {
  Observation observation;
  const std::string failing = failing_rows_sql(database.backend(), spec);
  const std::string count_sql = spec.type == CheckType::kUnique
                                    ? "SELECT COALESCE(SUM(occurrences), 0) FROM (" + failing + ") failing"
                                    : "SELECT COUNT(*) FROM (" + failing + ") failing";
  const auto counted = database.query(count_sql);
  const int64_t rows = counted.rows.at(0).at(0) ? std::stoll(*counted.rows[0][0]) : 0;
  observation.failing_rows = rows;
  observation.value = double(rows);
  observation.failed = rows > 0;
  observation.value_text = rows_text(rows);
  observation.condition_text = "> 0 rows";
  if (rows > 0) {
    const auto sample =
        database.query(fmt::format("SELECT * FROM ({}) failing LIMIT {}", failing, kFailureSampleSize));
    for (size_t row = 0; row < sample.rows.size(); ++row) observation.sample.push_back(row_json(sample, row));
  }
  return observation;
}

Observation observe_row_count(Database& database, const CheckSpec& spec) {
  Observation observation;
  std::string sql = "SELECT COUNT(*) FROM " + quoted_table(database.backend(), spec.table);
  if (!spec.where.empty()) sql += " WHERE (" + spec.where + ")";
  const auto result = database.query(sql);
  const double rows = std::stod(result.rows.at(0).at(0).value_or("0"));
  observation.value = rows;
  observation.value_text = rows_text(int64_t(rows));
  observation.failed = (spec.min && rows < std::stod(*spec.min)) || (spec.max && rows > std::stod(*spec.max));
  if (spec.min && spec.max)
    observation.condition_text = fmt::format("outside {}..{}", *spec.min, *spec.max);
  else if (spec.min)
    observation.condition_text = fmt::format("< {}", *spec.min);
  else
    observation.condition_text = fmt::format("> {}", *spec.max);
  return observation;
}

Observation observe_freshness(Database& database, const CheckSpec& spec) {
  Observation observation;
  observation.condition_text = fmt::format("> {} h", spec.max_age_hours);
  const auto latest = latest_time(database, spec.table, spec.columns.front());
  if (!latest) {
    observation.failed = true;
    observation.value_text = "no rows";
    observation.message = "the table has no rows";
    return observation;
  }
  const double hours = double(now_utc() - *latest) / 3600e6;
  observation.value = hours;
  observation.value_text = fmt::format("{:.1f} h", hours);
  observation.failed = hours > spec.max_age_hours;
  observation.message = "newest " + format_timestamp(*latest);
  return observation;
}

Observation observe_volume(Database& database, const CheckSpec& spec) {
  Observation observation;
  observation.condition_text = fmt::format("|z| > {}", spec.z_threshold);
  const auto stats = daily_volume(database, spec.table, spec.columns.front(), spec.days);
  if (!stats) {
    observation.value_text = "no rows";
    observation.message = "the table has no rows";
    return observation;
  }
  if (stats->history_days < 2) {
    observation.value_text = "n/a";
    observation.message =
        fmt::format("{}: {} rows; fewer than 2 earlier days to compare", stats->day, stats->count);
    return observation;
  }
  observation.value = std::abs(stats->z);
  observation.value_text = fmt::format("z = {:.2f}", stats->z);
  observation.failed = std::abs(stats->z) > spec.z_threshold;
  observation.message = fmt::format("{}: {} rows vs mean {:.1f} (sd {:.1f}) of {} days", stats->day,
                                    stats->count, stats->mean, stats->stddev, stats->history_days);
  return observation;
}

Observation observe_quarantine_rate(Database& database, const CheckSpec& spec, int64_t run_id) {
  Observation observation;
  observation.condition_text = fmt::format("> {:g}%", spec.max_rate * 100);
  const std::string columns = "SELECT run_id, records_read, quarantined FROM pipeline_runs ";
  QueryResult result;
  if (run_id > 0)
    result =
        database.query(columns + "WHERE run_id = $1 AND records_read IS NOT NULL", {std::to_string(run_id)});
  if (result.rows.empty())
    result = database.query(columns +
                            "WHERE finished_at IS NOT NULL AND records_read IS NOT NULL "
                            "ORDER BY run_id DESC LIMIT 1");
  if (result.rows.empty()) {
    observation.value_text = "no runs";
    observation.message = "no finished run yet";
    return observation;
  }
  const auto& row = result.rows[0];
  const double read = std::stod(row[1].value_or("0"));
  const double quarantined = std::stod(row[2].value_or("0"));
  const double rate = read > 0 ? quarantined / read : 0.0;
  observation.value = rate;
  observation.value_text = fmt::format("{:.2f}%", rate * 100);
  observation.failed = rate > spec.max_rate;
  observation.message = fmt::format("run {}: {} of {} records quarantined", row[0].value_or("?"),
                                    int64_t(quarantined), int64_t(read));
  return observation;
}

/// The columns of a logical table, in lower case; empty when it is missing.
std::vector<std::string> columns_of(Database& database, const std::string& table) {
  if (!database.table_exists(physical_table_name(database.backend(), table))) return {};
  std::vector<std::string> columns =
      database.query("SELECT * FROM " + quoted_table(database.backend(), table) + " LIMIT 0").columns;
  for (std::string& column : columns)
    std::transform(column.begin(), column.end(), column.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
  return columns;
}

void require_column(const CheckSpec& spec, const std::string& table, const std::vector<std::string>& columns,
                    const std::string& column) {
  if (columns.empty()) return;
  std::string lower = column;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (std::find(columns.begin(), columns.end(), lower) != columns.end()) return;
  std::string known;
  for (const std::string& name : columns) known += (known.empty() ? "" : ", ") + name;
  throw UsageError(fmt::format("check '{}': table {} has no column '{}' (its columns: {})", spec.name, table,
                               column, known));
}

}  // namespace

void check_columns_exist(Database& database, const std::vector<CheckSpec>& checks) {
  for (const CheckSpec& spec : checks) {
    if (spec.type == CheckType::kSql || spec.type == CheckType::kQuarantineRate || spec.table.empty())
      continue;
    const std::vector<std::string> columns = columns_of(database, spec.table);
    for (const std::string& column : spec.columns) require_column(spec, spec.table, columns, column);
    if (spec.type == CheckType::kRelationships && !spec.to_table.empty() && !spec.to_column.empty())
      require_column(spec, spec.to_table, columns_of(database, spec.to_table), spec.to_column);
  }
}

std::string failing_rows_sql(std::string_view backend, const CheckSpec& spec) {
  const std::string table = spec.table.empty() ? "" : quoted_table(backend, spec.table);
  switch (spec.type) {
    case CheckType::kNotNull:
      return "SELECT * FROM " + table + " WHERE (" + column_list(spec.columns, " IS NULL OR ") + " IS NULL)" +
             and_where(spec);
    case CheckType::kUnique:
      return "SELECT " + column_list(spec.columns, ", ") + ", COUNT(*) AS occurrences FROM " + table +
             " WHERE " + column_list(spec.columns, " IS NOT NULL AND ") + " IS NOT NULL" + and_where(spec) +
             " GROUP BY " + column_list(spec.columns, ", ") + " HAVING COUNT(*) > 1";
    case CheckType::kAcceptedValues: {
      std::string values;
      for (const std::string& value : spec.values)
        values += (values.empty() ? "" : ", ") + quote_literal(value);
      const std::string column = quote_identifier(spec.columns.front());
      return "SELECT * FROM " + table + " WHERE " + column + " IS NOT NULL AND " + column + " NOT IN (" +
             values + ")" + and_where(spec);
    }
    case CheckType::kRelationships: {
      const std::string column = quote_identifier(spec.columns.front());
      const std::string to_table = quoted_table(backend, spec.to_table);
      const std::string to_column = quote_identifier(spec.to_column);
      // The same rows either way (NULLs are excluded on both sides), but
      // SQLite runs NOT EXISTS as one lookup per fact row and NOT IN against
      // a key set it builds once.
      // PostgreSQL plans NOT EXISTS as a hash anti-join.
      if (backend == "sqlite") {
        return "SELECT * FROM " + table + " fact WHERE fact." + column + " IS NOT NULL AND fact." + column +
               " NOT IN (SELECT dimension." + to_column + " FROM " + to_table +
               " dimension WHERE dimension." + to_column + " IS NOT NULL)" + and_where(spec);
      }
      return "SELECT * FROM " + table + " fact WHERE fact." + column +
             " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + to_table + " dimension WHERE dimension." +
             to_column + " = fact." + column + ")" + and_where(spec);
    }
    case CheckType::kRange: {
      const std::string column = quote_identifier(spec.columns.front());
      std::string outside;
      if (spec.min) outside = column + " < " + *spec.min;
      if (spec.max) outside += (outside.empty() ? "" : " OR ") + column + " > " + *spec.max;
      return "SELECT * FROM " + table + " WHERE (" + outside + ")" + and_where(spec);
    }
    case CheckType::kSql:
      return physical_sql(backend, spec.sql);
    default:
      return "";
  }
}

Observation evaluate_check(Database& database, const CheckSpec& spec, int64_t run_id, bool new_rows_only) {
  for (const std::string& table : tables_of(spec)) {
    if (!database.table_exists(physical_table_name(database.backend(), table))) {
      Observation missing;
      missing.table_missing = true;
      missing.failed = true;
      missing.value_text = "missing";
      missing.message = fmt::format("table {} does not exist", table);
      return missing;
    }
  }
  try {
    switch (spec.type) {
      case CheckType::kRowCount:
        return observe_row_count(database, spec);
      case CheckType::kFreshness:
        return observe_freshness(database, spec);
      case CheckType::kVolumeAnomaly:
        return observe_volume(database, spec);
      case CheckType::kQuarantineRate:
        return observe_quarantine_rate(database, spec, run_id);
      case CheckType::kRelationships: {
        const std::vector<std::string> columns =
            new_rows_only && run_id > 0 ? columns_of(database, spec.table) : std::vector<std::string>{};
        if (std::find(columns.begin(), columns.end(), "file_id") == columns.end())
          return observe_failing_rows(database, spec);
        // An anti-join over every stored fact costs the whole history; the
        // rows this run added are the only ones it can have broken.
        CheckSpec added = spec;
        const std::string files =
            fmt::format("file_id IN (SELECT file_id FROM ingest_ledger WHERE run_id = {})", run_id);
        added.where = spec.where.empty() ? files : "(" + spec.where + ") AND " + files;
        return observe_failing_rows(database, added);
      }
      default:
        return observe_failing_rows(database, spec);
    }
  } catch (const std::exception& error) {
    // A broken query fails its own check; the other checks still run.
    Observation broken;
    broken.failed = true;
    broken.value_text = "failed";
    broken.message = first_line(error.what());
    return broken;
  }
}

}  // namespace ecomflow
