#pragma once
/// Event time: UTC microseconds since the Unix epoch, and calendar helpers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ecomflow {

/// A UTC instant in microseconds since 1970-01-01T00:00:00Z.
using TimestampUs = int64_t;

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
constexpr int64_t kMicrosPerDay = kSecondsPerDay * kMicrosPerSecond;

/// A calendar date as days since 1970-01-01 (negative before).
using DayNumber = int32_t;

/// Days since the epoch for a proleptic Gregorian date; month 1–12.
constexpr DayNumber days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = unsigned(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + int(day_of_era) - 719468;
}

/// A broken-down calendar date.
struct CivilDate {
  int year;
  unsigned month;  ///< 1–12
  unsigned day;    ///< 1–31
};

/// The calendar date of a day number.
CivilDate civil_from_days(DayNumber days);

/// ISO weekday of a day number: 1 = Monday … 7 = Sunday.
int iso_weekday(DayNumber days);

/// ISO-8601 week-numbering year and week (1–53) of a day number.
struct IsoWeek {
  int year;
  int week;
};
IsoWeek iso_week(DayNumber days);

/// Parses an ISO-8601 timestamp: `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±hh:mm|±hhmm]`
/// (a space may stand for `T`). No offset means UTC; offsets are converted.
/// Returns nullopt for anything malformed or out of range.
std::optional<TimestampUs> parse_timestamp(std::string_view text);

/// parse_timestamp with a one-entry cache of the last date seen: events of
/// one file share their date, so the calendar work is done once per day.
/// One per thread.
class TimestampParser {
 public:
  std::optional<TimestampUs> parse(std::string_view text);

 private:
  char cached_date_[10] = {};
  DayNumber cached_day_ = 0;
  bool has_cache_ = false;
};

/// The current UTC time.
TimestampUs now_utc();

/// Parses `YYYY-MM-DD`.
std::optional<DayNumber> parse_date(std::string_view text);

/// The day containing a timestamp (floor division, correct before 1970).
constexpr DayNumber day_of(TimestampUs time) {
  return DayNumber(time >= 0 ? time / kMicrosPerDay : -((-time - 1) / kMicrosPerDay) - 1);
}

/// `YYYY-MM-DD`.
std::string format_date(DayNumber days);

/// `YYYY-MM-DDTHH:MM:SS` in UTC, with `.ffffff` only when there are fractions,
/// and a trailing `Z` when `with_zone` is set.
std::string format_timestamp(TimestampUs time, bool with_zone = true);

/// Room enough for any text of format_date or format_timestamp.
constexpr size_t kTimeTextCapacity = 32;
/// format_date's text written to `out` (kTimeTextCapacity bytes), without allocating; returns its length.
size_t write_date(char* out, DayNumber days);
/// format_timestamp's text written to `out` (kTimeTextCapacity bytes), without allocating; returns its
/// length.
size_t write_timestamp(char* out, TimestampUs time, bool with_zone = true);

}  // namespace ecomflow
