#include "quality/table_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "quality/table_names.hpp"
#include "store/sql_text.hpp"

namespace ecomflow {

std::optional<TimestampUs> parse_database_time(std::string text) {
  if (text.size() == 10) text += "T00:00:00";
  return parse_timestamp(text);
}

std::optional<TimestampUs> latest_time(Database& database, const std::string& table,
                                       const std::string& column) {
  const auto result = database.query("SELECT CAST(MAX(" + quote_identifier(column) + ") AS TEXT) FROM " +
                                     quoted_table(database.backend(), table));
  if (result.rows.empty() || !result.rows[0][0]) return std::nullopt;
  const auto time = parse_database_time(*result.rows[0][0]);
  if (!time)
    throw UserError(fmt::format("{}.{}: cannot read '{}' as a time", table, column, *result.rows[0][0]));
  return time;
}

std::optional<VolumeStats> daily_volume(Database& database, const std::string& table,
                                        const std::string& column, int days) {
  const auto latest = latest_time(database, table, column);
  if (!latest) return std::nullopt;
  const DayNumber last_day = day_of(*latest);
  const std::string from = format_date(last_day - days);
  const std::string quoted_column = quote_identifier(column);
  const auto result = database.query(
      "SELECT SUBSTR(CAST(" + quoted_column + " AS TEXT), 1, 10), COUNT(*) FROM " +
          quoted_table(database.backend(), table) + " WHERE " + quoted_column + " >= $1 GROUP BY 1",
      {from});
  std::map<DayNumber, int64_t> counts;
  for (const auto& row : result.rows) {
    if (!row[0] || !row[1]) continue;
    if (const auto day = parse_date(*row[0])) counts[*day] += std::stoll(*row[1]);
  }
  const auto first_row = database.query("SELECT CAST(MIN(" + quoted_column + ") AS TEXT) FROM " +
                                        quoted_table(database.backend(), table));
  DayNumber first_day = last_day;
  if (!first_row.rows.empty() && first_row.rows[0][0])
    if (const auto first = parse_database_time(*first_row.rows[0][0])) first_day = day_of(*first);

  VolumeStats stats;
  stats.day = format_date(last_day);
  stats.count = counts.count(last_day) ? counts[last_day] : 0;
  std::vector<double> history;
  for (DayNumber day = std::max(last_day - days, first_day); day < last_day; ++day)
    history.push_back(counts.count(day) ? double(counts[day]) : 0.0);
  stats.history_days = int(history.size());
  if (history.size() < 2) return stats;
  double sum = 0;
  for (double value : history) sum += value;
  stats.mean = sum / double(history.size());
  double squares = 0;
  for (double value : history) squares += (value - stats.mean) * (value - stats.mean);
  stats.stddev = std::sqrt(squares / double(history.size() - 1));
  // A perfectly flat history would make any change infinitely anomalous.
  stats.z = (double(stats.count) - stats.mean) / std::max(stats.stddev, 1.0);
  return stats;
}

}  // namespace ecomflow
