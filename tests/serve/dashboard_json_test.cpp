#include "serve/dashboard_json.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(DashboardJsonTest, StringsAreEscapedForJsonAndHtml) {
  EXPECT_EQ(json_string("Product <script>alert(\"x\")</script> & co"),
            "\"Product \\u003cscript\\u003ealert(\\\"x\\\")\\u003c/script\\u003e \\u0026 co\"");
  EXPECT_EQ(json_string("a\\b\nc\x01"), "\"a\\\\b\\nc\\u0001\"");
  EXPECT_EQ(json_string("Café"), "\"Café\"");
  EXPECT_EQ(json_string_or_null(std::nullopt), "null");
}

TEST(DashboardJsonTest, NumbersPassOnlyWhenTheyAreNumbers) {
  EXPECT_EQ(json_number_or_null(std::string("42")), "42");
  EXPECT_EQ(json_number_or_null(std::string("-1.5")), "-1.5");
  EXPECT_EQ(json_number_or_null(std::string("1e-05")), "1e-05");
  EXPECT_EQ(json_number_or_null(std::string("+7")), "7");
  EXPECT_EQ(json_number_or_null(std::string(".5")), "0.5");
  EXPECT_EQ(json_number_or_null(std::string("-.5")), "-0.5");
  EXPECT_EQ(json_number_or_null(std::string("3.")), "3");
  EXPECT_EQ(json_number_or_null(std::nullopt), "null");
  EXPECT_EQ(json_number_or_null(std::string("")), "null");
  EXPECT_EQ(json_number_or_null(std::string("-")), "null");
  EXPECT_EQ(json_number_or_null(std::string("NaN")), "null");
  EXPECT_EQ(json_number_or_null(std::string("1,5")), "null");
  EXPECT_EQ(json_number_or_null(std::string("1}")), "null");
}

TEST(DashboardJsonTest, RatiosOfNothingAreNull) {
  EXPECT_EQ(json_ratio(1, 3), "0.333333");
  EXPECT_EQ(json_ratio(0, 0), "null");
}

}  // namespace
}  // namespace ecomflow
