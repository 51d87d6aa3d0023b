#pragma once
/// Time-based measures of an event table shared by checks and monitoring:
/// its newest event time and its daily volume against the trailing days.

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// The newest value of `column` in the logical `table`; nullopt when the
/// table is empty. Throws (database errors) like Database::query.
std::optional<TimestampUs> latest_time(Database& database, const std::string& table,
                                       const std::string& column);

/// The latest day's row count against the days before it.
struct VolumeStats {
  std::string day;       ///< the latest day with rows (`YYYY-MM-DD`)
  int64_t count = 0;     ///< its rows
  int history_days = 0;  ///< trailing days compared (days before the first row are not counted)
  double mean = 0;       ///< their mean
  double stddev = 0;     ///< their sample standard deviation
  double z = 0;          ///< (count - mean) / max(stddev, 1)
};

/// Daily volume of `table` by the date of `column`: the latest day against
/// up to `days` days before it (missing days count as zero). nullopt when
/// the table is empty. Fewer than 2 history days gives history_days < 2 and z = 0.
std::optional<VolumeStats> daily_volume(Database& database, const std::string& table,
                                        const std::string& column, int days);

/// Parses a timestamp as either backend returns it (`YYYY-MM-DD HH:MM:SS`,
/// with or without fractions and a `+00` style zone).
std::optional<TimestampUs> parse_database_time(std::string text);

}  // namespace ecomflow
