#include "quality/check_config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

std::string usage_error_of(const std::string& toml) {
  try {
    parse_checks(toml, "test.toml");
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(CheckConfigTest, ParsesEveryField) {
  const auto checks = parse_checks(R"(
[[checks]]
name = "qty"
type = "range"
severity = "warn"
table = "warehouse.fact_sales"
column = "quantity"
min = 1
max = "10000"
where = "run_id > 3"
warn_if = "> 10"
error_if = ">= 100"

[[checks]]
name = "fresh"
type = "freshness"
table = "sales_facts"
max_age_hours = 12
skip_if_missing = true
)",
                                   "test.toml");
  ASSERT_EQ(checks.size(), 2u);
  const CheckSpec& range = checks[0];
  EXPECT_EQ(range.name, "qty");
  EXPECT_EQ(range.type, CheckType::kRange);
  EXPECT_EQ(range.severity, Severity::kWarn);
  EXPECT_EQ(range.table, "warehouse.fact_sales");
  EXPECT_EQ(range.columns, std::vector<std::string>{"quantity"});
  EXPECT_EQ(range.min, "1");
  EXPECT_EQ(range.max, "10000");
  EXPECT_EQ(range.where, "run_id > 3");
  ASSERT_TRUE(range.warn_if && range.error_if);
  EXPECT_EQ(range.warn_if->text(), "> 10");
  EXPECT_EQ(range.error_if->text(), ">= 100");
  const CheckSpec& fresh = checks[1];
  EXPECT_EQ(fresh.severity, Severity::kError);
  EXPECT_EQ(fresh.columns, std::vector<std::string>{"event_time"});  // the default time column
  EXPECT_DOUBLE_EQ(fresh.max_age_hours, 12);
  EXPECT_TRUE(fresh.skip_if_missing);
}

TEST(CheckConfigTest, NoChecksMeansNone) { EXPECT_TRUE(parse_checks("db = \"sqlite:x.db\"\n", "t").empty()); }

TEST(CheckConfigTest, BadDefinitionsNameTheCheckAndTheProblem) {
  EXPECT_NE(usage_error_of("[[checks]]\nname = \"a\"\ntype = \"nope\"\ntable = \"t\"\n")
                .find("'a': unknown type 'nope'"),
            std::string::npos);
  EXPECT_NE(usage_error_of("[[checks]]\nname = \"b\"\ntype = \"not_null\"\n")
                .find("check 'b' (not_null): 'table' is required"),
            std::string::npos);
  EXPECT_NE(usage_error_of("[[checks]]\nname = \"c\"\ntype = \"range\"\ntable = \"t\"\ncolumn = \"x\"\n")
                .find("'c' (range): 'min' or 'max' is required"),
            std::string::npos);
  EXPECT_NE(usage_error_of("[[checks]]\nname = \"d\"\ntype = \"unique\"\ntable = \"t\"\ncolumn = "
                           "\"x\"\nwarn_if = \"about 10\"\n")
                .find("'d': warn_if = 'about 10' is not a condition"),
            std::string::npos);
  EXPECT_NE(usage_error_of(
                "[[checks]]\nname = \"e\"\ntype = \"unique\"\ntable = \"t; DROP TABLE x\"\ncolumn = \"x\"\n")
                .find("is not a table name"),
            std::string::npos);
  EXPECT_NE(usage_error_of("[[checks]]\nname = \"f\"\ntype = \"unique\"\ntable = \"t\"\ncolumn = "
                           "\"x\"\nseverity = \"fatal\"\n")
                .find("'f': severity 'fatal'"),
            std::string::npos);
  EXPECT_NE(usage_error_of("[[checks]]\nname = \"g\"\ntype = \"unique\"\ntable = \"t\"\ncolum = \"x\"\n")
                .find("'g': unknown key 'colum'"),
            std::string::npos);
  EXPECT_NE(usage_error_of("[[checks]]\ntype = \"unique\"\n").find("check #1: 'name' is required"),
            std::string::npos);
  EXPECT_NE(
      usage_error_of("[[checks]]\nname = \"h\"\ntype = \"sql\"\n[[checks]]\nname = \"h\"\ntype = \"sql\"\n")
          .find("'h' (sql): 'query' is required"),
      std::string::npos);
  EXPECT_NE(usage_error_of("[[checks]]\nname = \"h\"\ntype = \"sql\"\nquery = \"SELECT 1\"\n"
                           "[[checks]]\nname = \"h\"\ntype = \"sql\"\nquery = \"SELECT 1\"\n")
                .find("'h': the name is used by an earlier check"),
            std::string::npos);
  EXPECT_NE(usage_error_of("[[checks]\n").find("test.toml:1:"), std::string::npos);
}

TEST(CheckConfigTest, ThresholdsParseAndFire) {
  const auto greater = parse_threshold(" >  10 ");
  ASSERT_TRUE(greater);
  EXPECT_TRUE(greater->fires(11));
  EXPECT_FALSE(greater->fires(10));
  const auto at_most = parse_threshold("<=0.5");
  ASSERT_TRUE(at_most);
  EXPECT_TRUE(at_most->fires(0.5));
  EXPECT_FALSE(at_most->fires(0.6));
  EXPECT_TRUE(parse_threshold("!= 0")->fires(1));
  EXPECT_TRUE(parse_threshold("== 0")->fires(0));
  EXPECT_FALSE(parse_threshold("10"));
  EXPECT_FALSE(parse_threshold("> ten"));
  EXPECT_FALSE(parse_threshold("=> 1"));
}

/// The shipped example spells out the built-in set, so users copying it get
/// exactly what they had without it.
TEST(CheckConfigTest, ExampleFileIsTheDefaultSet) {
  std::ifstream in(testing::source_dir() / "ecomflow.toml.example");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  const auto example = parse_checks(text.str(), "ecomflow.toml.example");
  const auto defaults = default_checks();
  ASSERT_EQ(example.size(), defaults.size());
  for (size_t i = 0; i < defaults.size(); ++i) {
    SCOPED_TRACE(defaults[i].name);
    const CheckSpec& a = example[i];
    const CheckSpec& b = defaults[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.severity, b.severity);
    EXPECT_EQ(a.table, b.table);
    EXPECT_EQ(a.columns, b.columns);
    EXPECT_EQ(a.values, b.values);
    EXPECT_EQ(a.to_table, b.to_table);
    EXPECT_EQ(a.to_column, b.to_column);
    EXPECT_EQ(a.min, b.min);
    EXPECT_EQ(a.max, b.max);
    EXPECT_EQ(a.max_age_hours, b.max_age_hours);
    EXPECT_EQ(a.days, b.days);
    EXPECT_EQ(a.z_threshold, b.z_threshold);
    EXPECT_EQ(a.max_rate, b.max_rate);
    EXPECT_EQ(a.sql, b.sql);
    EXPECT_EQ(a.skip_if_missing, b.skip_if_missing);
    EXPECT_EQ(a.warn_if.has_value(), b.warn_if.has_value());
    EXPECT_EQ(a.error_if.has_value(), b.error_if.has_value());
    if (a.warn_if && b.warn_if) {
      EXPECT_EQ(a.warn_if->text(), b.warn_if->text());
    }
    if (a.error_if && b.error_if) {
      EXPECT_EQ(a.error_if->text(), b.error_if->text());
    }
  }
}

TEST(CheckConfigTest, LoadChecksFallsBackToDefaults) {
  const auto dir = testing::scratch_dir("quality_config");
  const auto file = dir / "ecomflow.toml";
  std::ofstream(file) << "db = \"sqlite:x.db\"\n";
  EXPECT_EQ(load_checks(file.string()).size(), default_checks().size());
  std::ofstream(file) << "[[checks]]\nname = \"one\"\ntype = \"row_count\"\ntable = \"t\"\nmin = 1\n";
  const auto checks = load_checks(file.string());
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].name, "one");
  EXPECT_THROW(load_checks((dir / "missing.toml").string()), UsageError);
}

}  // namespace
}  // namespace ecomflow
