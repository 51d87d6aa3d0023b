#include "core/currency.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ecomflow {
namespace {

TEST(CurrencyTest, KnowsCodeSymbolAndMinorDigits) {
  const Currency usd = *find_currency("USD");
  EXPECT_EQ(usd.symbol, "$");
  EXPECT_EQ(usd.minor_digits, 2);
  EXPECT_EQ(find_currency("eur")->symbol, "\u20ac");
  EXPECT_EQ(find_currency("INR")->symbol, "\u20b9");
  EXPECT_EQ(find_currency("JPY")->minor_digits, 0);
  EXPECT_FALSE(find_currency("XYZ").has_value());
  EXPECT_FALSE(find_currency("").has_value());
  // Three-decimal currencies cannot be held in two-decimal prices.
  EXPECT_FALSE(find_currency("KWD").has_value());
}

TEST(CurrencyTest, TheDefaultIsUsDollars) {
  const Currency currency;
  EXPECT_EQ(currency.code, "USD");
  EXPECT_EQ(currency.symbol, find_currency("USD")->symbol);
  EXPECT_EQ(currency.minor_digits, 2);
}

TEST(CurrencyTest, CodesAreSortedAndEachIsKnown) {
  const std::vector<std::string>& codes = currency_codes();
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  for (const std::string& code : codes) EXPECT_EQ(find_currency(code)->code, code);
}

TEST(CurrencyTest, AmountsKeepTheCurrencysDecimals) {
  EXPECT_EQ(format_currency_amount(7098607, *find_currency("USD")), "70986.07");
  EXPECT_EQ(format_currency_amount(-307, *find_currency("EUR")), "-3.07");
  EXPECT_EQ(format_currency_amount(7098607, *find_currency("JPY")), "70986");
  EXPECT_EQ(format_currency_amount(7098650, *find_currency("JPY")), "70987");  // half away from zero
  EXPECT_EQ(format_currency_amount(-40, *find_currency("JPY")), "0");
}

}  // namespace
}  // namespace ecomflow
