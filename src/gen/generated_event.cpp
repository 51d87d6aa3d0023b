#include "gen/generated_event.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

#include "core/error.hpp"

namespace ecomflow {
namespace {

inline void put_two_digits(char* out, unsigned value) {
  out[0] = char('0' + value / 10);
  out[1] = char('0' + value % 10);
}

}  // namespace

JsonField* RecordFields::find(std::string_view key) {
  for (int i = 0; i < count_; ++i)
    if (fields_[i].key == key) return &fields_[i];
  return nullptr;
}

bool RecordFields::remove(std::string_view key) {
  JsonField* field = find(key);
  if (!field) return false;
  std::copy(field + 1, fields_.data() + count_, field);
  --count_;
  return true;
}

void RecordFields::insert_after(std::string_view after, JsonField field) {
  ECOMFLOW_CHECK_LT(count_, kMaxFields);
  const JsonField* anchor = find(after);
  const int position = anchor ? int(anchor - fields_.data()) + 1 : count_;
  std::copy_backward(fields_.data() + position, fields_.data() + count_, fields_.data() + count_ + 1);
  fields_[position] = field;
  ++count_;
}

size_t format_timestamp_seconds(int64_t seconds, bool with_zone, char* out) {
  const DayNumber day =
      DayNumber(seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds - 1) / kSecondsPerDay) - 1);
  const int64_t second_of_day = seconds - int64_t(day) * kSecondsPerDay;
  // Consecutive events share their day: convert the date once per day, per thread.
  thread_local DayNumber cached_day = INT32_MIN;
  thread_local char cached_date[10];
  if (day != cached_day) {
    const CivilDate date = civil_from_days(day);
    const unsigned year = unsigned(std::clamp(date.year, 0, 9999));
    put_two_digits(cached_date, year / 100);
    put_two_digits(cached_date + 2, year % 100);
    cached_date[4] = '-';
    put_two_digits(cached_date + 5, date.month);
    cached_date[7] = '-';
    put_two_digits(cached_date + 8, date.day);
    cached_day = day;
  }
  std::memcpy(out, cached_date, 10);
  out[10] = 'T';
  put_two_digits(out + 11, unsigned(second_of_day / 3600));
  out[13] = ':';
  put_two_digits(out + 14, unsigned(second_of_day / 60 % 60));
  out[16] = ':';
  put_two_digits(out + 17, unsigned(second_of_day % 60));
  if (!with_zone) return 19;
  out[19] = 'Z';
  return 20;
}

size_t format_decimal(int64_t value, int width, char* out) {
  char digits[24];
  int count = 0;
  const bool negative = value < 0;
  uint64_t magnitude = negative ? uint64_t(0) - uint64_t(value) : uint64_t(value);
  do {
    digits[count++] = char('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (count < width) digits[count++] = '0';
  size_t length = 0;
  if (negative) out[length++] = '-';
  while (count > 0) out[length++] = digits[--count];
  return length;
}

}  // namespace ecomflow
