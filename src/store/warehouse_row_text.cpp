#include "store/warehouse_row_text.hpp"

#include <charconv>

namespace ecomflow {
namespace {

void put_two_digits(char* out, unsigned value) {
  out[0] = char('0' + value / 10);
  out[1] = char('0' + value % 10);
}

}  // namespace

int32_t date_key_of(DayNumber day) {
  const CivilDate date = civil_from_days(day);
  return int32_t(date.year * 10000 + int(date.month) * 100 + int(date.day));
}

void set_integer(std::optional<std::string>& field, int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  if (field)
    field->assign(digits, end);
  else
    field.emplace(digits, end);
}

void TimestampText::set(std::optional<std::string>& field, TimestampUs time) {
  const DayNumber day = day_of(time);
  if (day != day_) {
    day_ = day;
    const CivilDate date = civil_from_days(day);
    char year[8];
    // Years outside 0000–9999 cannot come out of parse_timestamp; clamp the text anyway.
    const int clamped = date.year < 0 ? 0 : date.year > 9999 ? 9999 : date.year;
    std::to_chars(year, year + sizeof year, 10000 + clamped);
    std::copy(year + 1, year + 5, date_);
    date_[4] = '-';
    put_two_digits(date_ + 5, date.month);
    date_[7] = '-';
    put_two_digits(date_ + 8, date.day);
    date_[10] = ' ';
  }
  const int64_t micros_of_day = time - int64_t(day) * kMicrosPerDay;
  const auto seconds_of_day = unsigned(micros_of_day / kMicrosPerSecond);
  const auto fraction = unsigned(micros_of_day % kMicrosPerSecond);
  char text[32];
  std::copy(date_, date_ + 11, text);
  put_two_digits(text + 11, seconds_of_day / 3600);
  text[13] = ':';
  put_two_digits(text + 14, seconds_of_day / 60 % 60);
  text[16] = ':';
  put_two_digits(text + 17, seconds_of_day % 60);
  size_t length = 19;
  if (fraction != 0) {
    text[19] = '.';
    unsigned rest = fraction;
    for (int i = 25; i >= 20; --i) {
      text[i] = char('0' + rest % 10);
      rest /= 10;
    }
    // Trailing zeros dropped, as PostgreSQL prints them, so both backends read back the same text.
    length = 26;
    while (text[length - 1] == '0') --length;
  }
  if (field)
    field->assign(text, length);
  else
    field.emplace(text, length);
}

std::string TimestampText::format(TimestampUs time) {
  std::optional<std::string> field;
  set(field, time);
  return *field;
}

}  // namespace ecomflow
