#include "core/time.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstring>

namespace ecomflow {
namespace {

bool read_digits(std::string_view text, size_t position, size_t count, int& value) {
  if (position + count > text.size()) return false;
  value = 0;
  for (size_t i = position; i < position + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

constexpr bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

/// Writes `value` as exactly `count` digits, zero-padded (value < 10^count).
char* write_digits(char* out, unsigned value, int count) {
  for (int i = count - 1; i >= 0; --i, value /= 10) out[i] = char('0' + value % 10);
  return out + count;
}

/// An offset (or a leap second) can carry 0000-01-01 or 9999-12-31 past the
/// four-digit years in UTC, where a time could no longer be written back as ISO-8601.
bool within_four_digit_years(int64_t seconds) {
  constexpr int64_t kFirstSecond = int64_t(days_from_civil(0, 1, 1)) * kSecondsPerDay;
  constexpr int64_t kEndSecond = int64_t(days_from_civil(10000, 1, 1)) * kSecondsPerDay;
  return seconds >= kFirstSecond && seconds < kEndSecond;
}

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

}  // namespace

CivilDate civil_from_days(DayNumber days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned day_of_era = unsigned(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int year = int(year_of_era) + era * 400;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {year + (month <= 2), month, day};
}

int iso_weekday(DayNumber days) {
  // 1970-01-01 was a Thursday (4).
  const int weekday = (days % 7 + 7 + 3) % 7;  // 0 = Monday
  return weekday + 1;
}

IsoWeek iso_week(DayNumber days) {
  const DayNumber thursday = days - (iso_weekday(days) - 1) + 3;
  const int year = civil_from_days(thursday).year;
  const DayNumber first_day = days_from_civil(year, 1, 1);
  return {year, (thursday - first_day) / 7 + 1};
}

std::optional<DayNumber> parse_date(std::string_view text) {
  int year, month, day;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!read_digits(text, 0, 4, year) || !read_digits(text, 5, 2, month) || !read_digits(text, 8, 2, day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || unsigned(day) > days_in_month(year, unsigned(month)))
    return std::nullopt;
  return days_from_civil(year, unsigned(month), unsigned(day));
}

std::optional<TimestampUs> parse_timestamp(std::string_view text) {
  if (text.size() < 19) return std::nullopt;
  const auto date = parse_date(text.substr(0, 10));
  if (!date || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) return std::nullopt;
  int hour, minute, second;
  if (!read_digits(text, 11, 2, hour) || text[13] != ':' || !read_digits(text, 14, 2, minute) ||
      text[16] != ':' || !read_digits(text, 17, 2, second))
    return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;  // 60: leap second
  size_t position = 19;
  int64_t micros = 0;
  if (position < text.size() && (text[position] == '.' || text[position] == ',')) {
    ++position;
    size_t digits = 0;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[position] - '0');
      ++digits;
      ++position;
    }
    if (digits == 0) return std::nullopt;
    for (size_t i = digits; i < 6; ++i) micros *= 10;
  }
  int64_t offset_seconds = 0;
  if (position < text.size()) {
    const char sign = text[position];
    if ((sign == 'Z' || sign == 'z') && position + 1 == text.size()) {
      ++position;
    } else if (sign == '+' || sign == '-') {
      int offset_hours, offset_minutes;
      if (!read_digits(text, position + 1, 2, offset_hours)) return std::nullopt;
      size_t minutes_at = position + 3;
      if (minutes_at == text.size()) {  // `±hh`
        offset_minutes = 0;
      } else {
        if (text[minutes_at] == ':') ++minutes_at;
        if (!read_digits(text, minutes_at, 2, offset_minutes) || minutes_at + 2 != text.size())
          return std::nullopt;
      }
      if (offset_hours > 23 || offset_minutes > 59) return std::nullopt;
      offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (sign == '+' ? 1 : -1);
      position = text.size();
    } else {
      return std::nullopt;
    }
  }
  if (position != text.size()) return std::nullopt;
  const int64_t seconds =
      int64_t(*date) * kSecondsPerDay + hour * 3600 + minute * 60 + second - offset_seconds;
  if (!within_four_digit_years(seconds)) return std::nullopt;
  return seconds * kMicrosPerSecond + micros;
}

std::optional<TimestampUs> TimestampParser::parse(std::string_view text) {
  // Fast path: a naive `YYYY-MM-DDTHH:MM:SS` whose date is the cached one.
  if (text.size() == 19 && has_cache_ && std::memcmp(text.data(), cached_date_, 10) == 0 && text[10] == 'T' &&
      text[13] == ':' && text[16] == ':') {
    int hour, minute, second;
    if (read_digits(text, 11, 2, hour) && read_digits(text, 14, 2, minute) &&
        read_digits(text, 17, 2, second) && hour <= 23 && minute <= 59 && second <= 60) {
      const int64_t seconds = int64_t(cached_day_) * kSecondsPerDay + hour * 3600 + minute * 60 + second;
      if (within_four_digit_years(seconds)) return seconds * kMicrosPerSecond;
    }
    return std::nullopt;
  }
  const auto time = parse_timestamp(text);
  if (time && text.size() >= 10) {
    if (const auto day = parse_date(text.substr(0, 10))) {
      std::memcpy(cached_date_, text.data(), 10);
      cached_day_ = *day;
      has_cache_ = true;
    }
  }
  return time;
}

size_t write_date(char* out, DayNumber days) {
  // Dates and timestamps are written in runs from the same day (report rows
  // sorted by time), so the calendar work is done once per day and thread.
  thread_local DayNumber cached_day = 0;
  thread_local char cached_text[kTimeTextCapacity] = "1970-01-01";
  thread_local size_t cached_size = 10;
  if (days != cached_day) {
    const CivilDate date = civil_from_days(days);
    char* end = date.year >= 0 && date.year <= 9999 ? write_digits(cached_text, unsigned(date.year), 4)
                                                    : fmt::format_to(cached_text, "{:04}", date.year);
    *end++ = '-';
    end = write_digits(end, date.month, 2);
    *end++ = '-';
    end = write_digits(end, date.day, 2);
    cached_day = days;
    cached_size = size_t(end - cached_text);
  }
  std::memcpy(out, cached_text, cached_size);
  return cached_size;
}

size_t write_timestamp(char* out, TimestampUs time, bool with_zone) {
  const DayNumber days = day_of(time);
  const int64_t in_day = time - int64_t(days) * kMicrosPerDay;
  const unsigned seconds = unsigned(in_day / kMicrosPerSecond);
  const unsigned micros = unsigned(in_day % kMicrosPerSecond);
  char* end = out + write_date(out, days);
  *end++ = 'T';
  end = write_digits(end, seconds / 3600, 2);
  *end++ = ':';
  end = write_digits(end, seconds / 60 % 60, 2);
  *end++ = ':';
  end = write_digits(end, seconds % 60, 2);
  if (micros != 0) {
    *end++ = '.';
    end = write_digits(end, micros, 6);
  }
  if (with_zone) *end++ = 'Z';
  return size_t(end - out);
}

TimestampUs now_utc() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string format_date(DayNumber days) {
  char text[kTimeTextCapacity];
  return std::string(text, write_date(text, days));
}

std::string format_timestamp(TimestampUs time, bool with_zone) {
  char text[kTimeTextCapacity];
  return std::string(text, write_timestamp(text, time, with_zone));
}

}  // namespace ecomflow
