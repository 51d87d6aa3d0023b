#include "core/time.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

namespace ecomflow {
namespace {

TEST(TimeTest, ParsesNaiveTimestampAsUtc) {
  const auto time = parse_timestamp("2023-10-23T00:00:17");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(format_timestamp(*time), "2023-10-23T00:00:17Z");
  EXPECT_EQ(day_of(*time), days_from_civil(2023, 10, 23));
}

TEST(TimeTest, ConvertsOffsetsToUtc) {
  EXPECT_EQ(parse_timestamp("2023-10-23T01:30:00+02:00"), parse_timestamp("2023-10-22T23:30:00Z"));
  EXPECT_EQ(parse_timestamp("2023-10-23T01:30:00-0130"), parse_timestamp("2023-10-23T03:00:00"));
  EXPECT_EQ(parse_timestamp("2023-10-23 01:30:00+01"), parse_timestamp("2023-10-23T00:30:00"));
}

TEST(TimeTest, KeepsFractionalSeconds) {
  const auto time = parse_timestamp("2023-10-23T00:00:17.25Z");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(*time % kMicrosPerSecond, 250000);
  EXPECT_EQ(format_timestamp(*time), "2023-10-23T00:00:17.250000Z");
}

TEST(TimeTest, FormatsEdgesOfTheCalendar) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_timestamp(kMicrosPerDay - 1, false), "1970-01-01T23:59:59.999999");
  EXPECT_EQ(format_timestamp(*parse_timestamp("2024-02-29T12:34:56.000001")), "2024-02-29T12:34:56.000001Z");
  EXPECT_EQ(format_date(days_from_civil(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(format_date(days_from_civil(10000, 1, 1)), "10000-01-01");
  EXPECT_EQ(format_date(days_from_civil(0, 3, 1)), "0000-03-01");
  EXPECT_EQ(format_date(days_from_civil(-1, 12, 31)), "-001-12-31");
  EXPECT_EQ(format_timestamp(INT64_MAX), "294247-01-10T04:00:54.775807Z");
}

/// The plain fmt formulation of format_date, which the digit writer must match byte for byte.
std::string reference_date(DayNumber days) {
  const CivilDate date = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

/// The same for format_timestamp.
std::string reference_timestamp(TimestampUs time, bool with_zone) {
  const DayNumber days = day_of(time);
  const int64_t in_day = time - int64_t(days) * kMicrosPerDay;
  const int64_t seconds = in_day / kMicrosPerSecond;
  std::string text = fmt::format("{}T{:02}:{:02}:{:02}", reference_date(days), seconds / 3600,
                                 seconds / 60 % 60, seconds % 60);
  if (in_day % kMicrosPerSecond != 0) text += fmt::format(".{:06}", in_day % kMicrosPerSecond);
  return with_zone ? text + 'Z' : text;
}

TEST(TimeTest, FormatMatchesTheFmtFormulation) {
  std::mt19937_64 random(11);
  constexpr int64_t kFourCenturies = 146097 * kMicrosPerDay;
  for (int i = 0; i < 100000; ++i) {
    // Within ±73,000 years (no overflow in day arithmetic), or in 1770-2170;
    // in whole seconds half of the time.
    TimestampUs time = i % 2 == 0 ? TimestampUs(random() >> 2) - (TimestampUs(1) << 61)
                                  : TimestampUs(random() % kFourCenturies) - kFourCenturies / 2;
    if (i % 4 >= 2) time -= time % kMicrosPerSecond;
    const bool with_zone = i % 3 != 0;
    ASSERT_EQ(format_timestamp(time, with_zone), reference_timestamp(time, with_zone)) << time;
    char text[kTimeTextCapacity];
    ASSERT_EQ(std::string(text, write_timestamp(text, time, with_zone)),
              reference_timestamp(time, with_zone));
    ASSERT_EQ(std::string(text, write_date(text, day_of(time))), reference_date(day_of(time)));
    ASSERT_EQ(format_date(day_of(time)), reference_date(day_of(time)));
  }
}

TEST(TimeTest, RejectsMalformed) {
  for (const char* text : {"", "2023-10-23", "2023-13-01T00:00:00", "2023-02-29T00:00:00",
                           "2023-10-23T24:00:00", "2023-10-23T00:00:00+", "2023-10-23T00:00:00.Z",
                           "yesterday", "2023-10-23T00:00:00 UTC", "2023-10-23T00:00:00+25:00"}) {
    EXPECT_FALSE(parse_timestamp(text).has_value()) << text;
  }
}

TEST(TimeTest, IsoWeeks) {
  EXPECT_EQ(iso_week(days_from_civil(2023, 10, 23)).week, 43);
  const IsoWeek new_year = iso_week(days_from_civil(2021, 1, 3));  // belongs to 2020-W53
  EXPECT_EQ(new_year.year, 2020);
  EXPECT_EQ(new_year.week, 53);
  EXPECT_EQ(iso_weekday(days_from_civil(2023, 10, 23)), 1);
}

TEST(TimeTest, CivilRoundTripAcrossCenturies) {
  for (DayNumber day = -800000; day < 800000; day += 997) {
    const CivilDate date = civil_from_days(day);
    EXPECT_EQ(days_from_civil(date.year, date.month, date.day), day);
  }
  EXPECT_EQ(day_of(-1), -1);
}

}  // namespace
}  // namespace ecomflow

namespace ecomflow {
namespace {

TEST(TimestampParserTest, AgreesWithParseTimestampAcrossTheCache) {
  TimestampParser parser;
  for (const char* text :
       {"2023-10-23T00:00:17", "2023-10-23T23:59:59", "2023-10-23T24:00:00", "2023-10-23T1x:00:00",
        "2023-10-24T00:00:00", "2023-10-24T00:00:00Z", "2023-10-24T05:00:00+02:00", "2023-10-24 06:00:00",
        "2023-10-24T07:00:00.5", "2023-10-24T08:61:00", "2023-10-24T09:00:00"}) {
    EXPECT_EQ(parser.parse(text), parse_timestamp(text)) << text;
  }
}

// Found by fuzz/timestamp_fuzzer.cpp (fuzz/regressions/timestamp/): an offset
// carried the last second of 9999 into the year 10000, which formats as five
// digits that no longer parse.
TEST(TimeTest, OffsetsCannotLeaveTheFourDigitYears) {
  EXPECT_FALSE(parse_timestamp("9999-12-31T23:59:59.91-09"));
  EXPECT_FALSE(parse_timestamp("0000-01-01T00:00:00+00:01"));
  EXPECT_FALSE(parse_timestamp("9999-12-31T23:59:60"));
  TimestampParser cached;
  EXPECT_FALSE(cached.parse("9999-12-31T23:59:59.91-09"));
  EXPECT_TRUE(cached.parse("9999-12-31T23:59:59"));   // caches the day
  EXPECT_FALSE(cached.parse("9999-12-31T23:59:60"));  // the leap second would be in the year 10000
  const auto last = parse_timestamp("9999-12-31T23:59:59.999999");
  ASSERT_TRUE(last);
  EXPECT_EQ(parse_timestamp(format_timestamp(*last)), last);
  EXPECT_TRUE(parse_timestamp("0000-01-01T00:00:00-01:00"));
}

}  // namespace
}  // namespace ecomflow
