#include "core/money.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(MoneyTest, ParsesDecimalPrices) {
  EXPECT_EQ(parse_cents("149.99"), 14999);
  EXPECT_EQ(parse_cents("24.5"), 2450);
  EXPECT_EQ(parse_cents("10"), 1000);
  EXPECT_EQ(parse_cents("-3.07"), -307);
  EXPECT_EQ(parse_cents(".5"), 50);
}

TEST(MoneyTest, RejectsWhatIsNotMoney) {
  for (const char* text : {"", "-", "1.234", "abc", "1.2.3", "1e3", "12,50", "."})
    EXPECT_FALSE(parse_cents(text).has_value()) << text;
}

TEST(MoneyTest, FormatsTwoDecimals) {
  EXPECT_EQ(format_cents(1499950), "14999.50");
  EXPECT_EQ(format_cents(5), "0.05");
  EXPECT_EQ(format_cents(-307), "-3.07");
  EXPECT_EQ(format_cents(0), "0.00");
}

}  // namespace
}  // namespace ecomflow
