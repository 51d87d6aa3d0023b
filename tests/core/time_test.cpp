#include "core/time.hpp"

#include <gtest/gtest.h>

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
}

TEST(TimeTest, KeepsFractionalSeconds) {
  const auto time = parse_timestamp("2023-10-23T00:00:17.25Z");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(*time % kMicrosPerSecond, 250000);
  EXPECT_EQ(format_timestamp(*time), "2023-10-23T00:00:17.250000Z");
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
  for (const char* text : {"2023-10-23T00:00:17", "2023-10-23T23:59:59", "2023-10-23T24:00:00", "2023-10-23T1x:00:00",
                           "2023-10-24T00:00:00", "2023-10-24T00:00:00Z", "2023-10-24T05:00:00+02:00",
                           "2023-10-24 06:00:00", "2023-10-24T07:00:00.5", "2023-10-24T08:61:00", "2023-10-24T09:00:00"}) {
    EXPECT_EQ(parser.parse(text), parse_timestamp(text)) << text;
  }
}

}  // namespace
}  // namespace ecomflow
