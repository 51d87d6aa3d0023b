#include "marketplace/marketplace_values.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(MarketplaceValuesTest, RupeePricesBecomeExactPaise) {
  EXPECT_EQ(parse_marketplace_price("\u20b9399"), 39900);
  EXPECT_EQ(parse_marketplace_price("\u20b91,099"), 109900);
  EXPECT_EQ(parse_marketplace_price("\u20b9176.63"), 17663);
  EXPECT_EQ(parse_marketplace_price("\u20b949.5"), 4950);
  EXPECT_EQ(parse_marketplace_price("\u20b91,39,900"), 13990000);
  EXPECT_EQ(parse_marketplace_price(" 24,999 "), 2499900);
}

TEST(MarketplaceValuesTest, UnreadablePricesAreRejected) {
  for (const char* text : {"", "\u20b9", "\u20b9abc", "\u20b91.999", "\u20b94,0,00", "\u20b9,399",
                           "\u20b9399,", "\u20b91,,099", "-\u20b95", "\u20b9-5", "$399"})
    EXPECT_FALSE(parse_marketplace_price(text)) << text;
}

TEST(MarketplaceValuesTest, CountsTakeIndianAndWesternGrouping) {
  EXPECT_EQ(parse_grouped_count("24,269"), 24269);
  EXPECT_EQ(parse_grouped_count("1,79,691"), 179691);
  EXPECT_EQ(parse_grouped_count("12,34,56,789"), 123456789);
  EXPECT_EQ(parse_grouped_count("1,234,567"), 1234567);
  EXPECT_EQ(parse_grouped_count("992"), 992);
  for (const char* text : {"", "12,34", "1,2345", "1,79,6910", "12,345,67", "4.2", "|", "1 000"})
    EXPECT_FALSE(parse_grouped_count(text)) << text;
}

TEST(MarketplaceValuesTest, RatingsInTenths) {
  EXPECT_EQ(parse_rating_tenths("4"), 40);
  EXPECT_EQ(parse_rating_tenths("4.2"), 42);
  EXPECT_EQ(parse_rating_tenths("5.0"), 50);
  EXPECT_EQ(parse_rating_tenths("0"), 0);
  for (const char* text : {"|", "", "5.1", "4.25", "42", "-1", "4.", ".5"})
    EXPECT_FALSE(parse_rating_tenths(text)) << text;
}

TEST(MarketplaceValuesTest, DiscountPercent) {
  EXPECT_EQ(parse_discount_percent("64%"), 64);
  EXPECT_EQ(parse_discount_percent("0%"), 0);
  EXPECT_EQ(parse_discount_percent("100"), 100);
  for (const char* text : {"ten%", "101%", "6.5%", "%", ""})
    EXPECT_FALSE(parse_discount_percent(text)) << text;
}

}  // namespace
}  // namespace ecomflow
