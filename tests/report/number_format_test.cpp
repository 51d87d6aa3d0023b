#include "report/number_format.hpp"
#include "report/chart_axes.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ecomflow {
namespace {

TEST(NumberFormatTest, CompactNumbers) {
  EXPECT_EQ(format_compact(0), "0");
  EXPECT_EQ(format_compact(950), "950");
  EXPECT_EQ(format_compact(1000), "1k");
  EXPECT_EQ(format_compact(1234), "1.2k");
  EXPECT_EQ(format_compact(12345), "12.3k");
  EXPECT_EQ(format_compact(4500000), "4.5M");
  EXPECT_EQ(format_compact(2e9), "2B");
  EXPECT_EQ(format_compact(-1234), "-1.2k");
  EXPECT_EQ(format_compact(0.25), "0.25");
  EXPECT_EQ(format_compact(12.5), "12.5");
  EXPECT_EQ(format_compact(1250, 2), "1.25k");
}

TEST(NumberFormatTest, CompactRoundingCarriesIntoTheNextUnit) {
  EXPECT_EQ(format_compact(999960), "1M");
  EXPECT_EQ(format_compact(999.99), "1k");
  EXPECT_EQ(format_compact(-0.001), "0");
}

TEST(NumberFormatTest, CompactMoney) {
  EXPECT_EQ(format_money_compact(450000000), "$4.5M");
  EXPECT_EQ(format_money_compact(123456), "$1.2k");
  EXPECT_EQ(format_money_compact(95000), "$950");
  EXPECT_EQ(format_money_compact(1250), "$12.50");
  EXPECT_EQ(format_money_compact(0), "$0");
  EXPECT_EQ(format_money_compact(-123456), "-$1.2k");
}

TEST(NumberFormatTest, TableMoneyAndIntegers) {
  EXPECT_EQ(format_money(123450), "$1,234.50");
  EXPECT_EQ(format_money(5), "$0.05");
  EXPECT_EQ(format_money(-307), "-$3.07");
  EXPECT_EQ(format_money(123456789012), "$1,234,567,890.12");
  // In another currency: its sign, and its minor unit (none for yen).
  EXPECT_EQ(format_money(123450, *find_currency("EUR")), "\u20ac1,234.50");
  EXPECT_EQ(format_money(123450, *find_currency("JPY")), "\u00a51,235");
  EXPECT_EQ(format_money(-307, *find_currency("CHF")), "-CHF 3.07");
  EXPECT_EQ(format_money_compact(1250, 1, *find_currency("JPY")), "\u00a513");
  EXPECT_EQ(format_money_compact(450000000, 1, *find_currency("INR")), "\u20b94.5M");
  EXPECT_EQ(format_integer(70000), "70,000");
  EXPECT_EQ(format_integer(999), "999");
  EXPECT_EQ(format_integer(-1000000), "-1,000,000");
}

TEST(NumberFormatTest, MoneyInAnotherCurrency) {
  EXPECT_EQ(currency_symbol("INR"), "\u20b9");
  EXPECT_EQ(currency_symbol("USD"), "$");
  EXPECT_EQ(currency_symbol("CHF"), "CHF ");
  EXPECT_EQ(format_money(13990000, "\u20b9"), "\u20b9139,900.00");
  EXPECT_EQ(format_money_compact(13990000, 1, "\u20b9"), "\u20b9139.9k");
  EXPECT_EQ(format_money_compact(-17663, 1, "\u20b9"), "-\u20b9176.63");
  EXPECT_EQ(format_value(250000, ValueFormat::kMoney, "\u20b9"), "\u20b92.5k");
  const ValueAxis axis = make_value_axis(0, 500000, true, ValueFormat::kMoney, "\u20b9");
  EXPECT_EQ(axis.labels.back().rfind("\u20b9", 0), 0u) << axis.labels.back();
}

TEST(NumberFormatTest, Percentages) {
  EXPECT_EQ(format_percent(0.1234), "12.3%");
  EXPECT_EQ(format_percent(1), "100.0%");
  EXPECT_EQ(format_percent(0.05, 0), "5%");
  EXPECT_EQ(format_percent(-0.00001), "0.0%");
  EXPECT_EQ(format_percent(std::nan("")), "n/a");
}

TEST(NumberFormatTest, Durations) {
  EXPECT_EQ(format_duration(45), "45 s");
  EXPECT_EQ(format_duration(4.5), "4.5 s");
  EXPECT_EQ(format_duration(192), "3.2 min");
  EXPECT_EQ(format_duration(60), "1 min");
  EXPECT_EQ(format_duration(59.8), "1 min");
  EXPECT_EQ(format_duration(5400), "1.5 h");
  EXPECT_EQ(format_duration(3600), "1 h");
}

/// A step is nice when it is 1, 2 or 5 times a power of ten.
bool is_one_two_five(double step) {
  const double power = std::pow(10.0, std::floor(std::log10(step)));
  const double mantissa = step / power;
  for (const double nice : {1.0, 2.0, 5.0, 10.0})
    if (std::fabs(mantissa - nice) < 1e-9) return true;
  return false;
}

void expect_nice(double minimum, double maximum, bool include_zero) {
  SCOPED_TRACE(::testing::Message() << "range [" << minimum << ", " << maximum << "]");
  const AxisTicks ticks = nice_ticks(minimum, maximum, include_zero);
  EXPECT_GE(ticks.values.size(), 4u);
  EXPECT_LE(ticks.values.size(), 8u);
  EXPECT_TRUE(is_one_two_five(ticks.step)) << ticks.step;
  EXPECT_LE(ticks.low(), minimum + 1e-9 * std::fabs(minimum));
  EXPECT_GE(ticks.high(), maximum - 1e-9 * std::fabs(maximum));
  if (include_zero) {
    EXPECT_LE(ticks.low(), 0);
  }
  for (size_t i = 1; i < ticks.values.size(); ++i)
    EXPECT_NEAR(ticks.values[i] - ticks.values[i - 1], ticks.step, ticks.step * 1e-9);
  // Ticks land on multiples of the step, so labels are round numbers.
  for (const double value : ticks.values)
    EXPECT_NEAR(value / ticks.step, std::round(value / ticks.step), 1e-6);
}

TEST(NumberFormatTest, NiceTicksCoverTheRangeOnOneTwoFiveSteps) {
  expect_nice(0, 100, true);
  expect_nice(0, 70000, true);
  expect_nice(0, 1, true);
  expect_nice(0, 0.3, true);
  expect_nice(3, 7, false);
  expect_nice(-42.5, 17.1, false);
  expect_nice(1234567, 1234999, false);
  expect_nice(0, 4599999, true);
  expect_nice(-5, -1, true);
  // A sweep of awkward maxima, the way real revenue totals come out.
  for (double maximum = 0.013; maximum < 1e9; maximum *= 1.37) expect_nice(0, maximum, true);
  for (double maximum = 0.7; maximum < 1e6; maximum *= 1.91) expect_nice(-maximum / 3, maximum, false);
}

TEST(NumberFormatTest, NiceTicksForFlatOrEmptyData) {
  expect_nice(0, 0, true);
  expect_nice(5, 5, false);
  expect_nice(-5, -5, true);
  EXPECT_EQ(nice_ticks(0, 0, true).low(), 0);
  const AxisTicks bars = nice_ticks(20, 95, true);
  EXPECT_EQ(bars.low(), 0);
  EXPECT_EQ(bars.step, 20);
  EXPECT_EQ(bars.high(), 100);
}

TEST(NumberFormatTest, DecimalsForStep) {
  EXPECT_EQ(decimals_for_step(500, 1000), 1);
  EXPECT_EQ(decimals_for_step(2000, 1000), 0);
  EXPECT_EQ(decimals_for_step(0.05, 1), 2);
  EXPECT_EQ(decimals_for_step(250000, 1e6), 2);
}

}  // namespace
}  // namespace ecomflow
