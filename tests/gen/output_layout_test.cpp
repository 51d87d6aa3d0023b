#include "gen/output_layout.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ecomflow {
namespace {

TEST(OutputLayout, Seed001Names) {
  GeneratorOptions options;
  EXPECT_EQ(output_file_names(options), std::vector<std::string>{"events_week_43.zip"});
  EXPECT_EQ(day_archive_name(options.start_date), "events_2023-10-23.zip");
  EXPECT_EQ(part_file_name(0), "part-001.json");
  EXPECT_EQ(part_file_name(4), "part-005.json");
  EXPECT_EQ(week_archive_name(days_from_civil(2024, 1, 29), false), "events_week_05.zip");
}

TEST(OutputLayout, WeeksAcrossAYearBoundaryCarryTheYear) {
  GeneratorOptions options;
  options.weeks = 12;  // 2023-10-23 … 2024-01-14
  EXPECT_TRUE(spans_iso_years(options));
  const auto names = output_file_names(options);
  EXPECT_EQ(names.front(), "events_week_2023-43.zip");
  EXPECT_EQ(names.back(), "events_week_2024-02.zip");
  options.weeks = 10;  // ends Sunday 2023-12-31, still ISO year 2023
  EXPECT_FALSE(spans_iso_years(options));
  EXPECT_EQ(output_file_names(options).back(), "events_week_52.zip");
}

TEST(OutputLayout, MoreThanAYearOfWeeksNeverCollides) {
  GeneratorOptions options;
  options.weeks = 120;
  options.start_date = days_from_civil(2023, 10, 25);  // a Wednesday
  const auto names = output_file_names(options);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
}

TEST(OutputLayout, NdjsonIsOneFilePerDay) {
  GeneratorOptions options;
  options.format = OutputFormat::kNdjson;
  const auto names = output_file_names(options);
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names.front(), "events_2023-10-23.ndjson");
  EXPECT_EQ(names.back(), "events_2023-10-29.ndjson");
  EXPECT_FALSE(unreadable_plan(options).has_value());
}

}  // namespace
}  // namespace ecomflow
