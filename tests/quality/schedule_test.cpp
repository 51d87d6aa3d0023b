#include "quality/schedule.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "support/test_env.hpp"

namespace ecomflow {
namespace {

TEST(ScheduleTest, ParsesDurations) {
  EXPECT_EQ(parse_duration("30s"), std::chrono::seconds(30));
  EXPECT_EQ(parse_duration("15m"), std::chrono::seconds(900));
  EXPECT_EQ(parse_duration("1h"), std::chrono::seconds(3600));
  EXPECT_EQ(parse_duration("1h30m"), std::chrono::seconds(5400));
  EXPECT_EQ(parse_duration("2d"), std::chrono::seconds(172800));
  for (const char* bad : {"", "15", "m", "0m", "1x", "-5m", "1.5h", "1h30"})
    EXPECT_FALSE(parse_duration(bad)) << bad;
}

TEST(ScheduleTest, ParsesTimesOfDay) {
  EXPECT_EQ(parse_time_of_day("00:00"), 0);
  EXPECT_EQ(parse_time_of_day("02:30"), 150);
  EXPECT_EQ(parse_time_of_day("23:59"), 23 * 60 + 59);
  for (const char* bad : {"24:00", "12:60", "2:30", "02-30", "02:3", "aa:bb"})
    EXPECT_FALSE(parse_time_of_day(bad)) << bad;
}

TEST(ScheduleTest, NextDailyTimeIsTheNextOccurrence) {
  setenv("TZ", "UTC", 1);
  tzset();
  const std::time_t noon = 1698062400;  // 2023-10-23 12:00:00 UTC
  EXPECT_EQ(next_daily_time(noon, 13 * 60), noon + 3600);
  EXPECT_EQ(next_daily_time(noon, 12 * 60), noon + 86400);  // strictly after now
  EXPECT_EQ(next_daily_time(noon, 2 * 60 + 30), noon + 14 * 3600 + 1800);
}

TEST(ScheduleTest, ChildExitCodesComeBack) {
  EXPECT_EQ(run_child({"/bin/sh", "-c", "exit 0"}), 0);
  EXPECT_EQ(run_child({"/bin/sh", "-c", "exit 3"}), 3);
  EXPECT_EQ(run_child({"/bin/sh", "-c", "kill -TERM $$"}), 128 + 15);
  EXPECT_EQ(run_child({"/nonexistent/program"}), 127);
}

}  // namespace
}  // namespace ecomflow
