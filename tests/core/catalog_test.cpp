#include "core/catalog.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(CatalogTest, FindsEveryIdAfterGrowthAndRejectsDuplicates) {
  Catalog catalog;
  for (int i = 0; i < 5000; ++i) {
    ASSERT_TRUE(catalog.add_customer(fmt::format("c{}", i), 0, i % 3 ? "Regular" : "VIP"));
    ASSERT_TRUE(
        catalog.add_product(fmt::format("p{}", i), "name", i % 2 ? "Books" : "Home & Garden", 100, 0));
  }
  EXPECT_FALSE(catalog.add_customer("c17", 0, "New"));
  EXPECT_FALSE(catalog.add_product("p17", "other", "Toys", 1, 0));
  EXPECT_EQ(catalog.customers().size(), 5000u);
  EXPECT_EQ(catalog.products().size(), 5000u);
  EXPECT_EQ(catalog.segments().size(), 2u);  // a refused row adds no segment or category
  EXPECT_EQ(catalog.categories().size(), 2u);
  for (int i = 0; i < 5000; ++i) {
    EXPECT_EQ(catalog.find_customer(fmt::format("c{}", i)), uint32_t(i));
    EXPECT_EQ(catalog.find_product(fmt::format("p{}", i)), uint32_t(i));
  }
  EXPECT_FALSE(catalog.find_customer("c5000").has_value());
  EXPECT_FALSE(catalog.find_customer("").has_value());
  EXPECT_FALSE(catalog.find_product("c1").has_value());
}

}  // namespace
}  // namespace ecomflow

namespace ecomflow {
namespace {

TEST(CatalogTest, LongIdsSharingAPrefixStayDistinct) {
  Catalog catalog;
  ASSERT_TRUE(catalog.add_customer("customer-0001", 0, "VIP"));
  ASSERT_TRUE(catalog.add_customer("customer-0002", 0, "VIP"));
  ASSERT_TRUE(catalog.add_customer("customer", 0, "VIP"));
  EXPECT_EQ(catalog.find_customer("customer-0002"), 1u);
  EXPECT_EQ(catalog.find_customer("customer-0001"), 0u);
  EXPECT_EQ(catalog.find_customer("customer"), 2u);
  EXPECT_FALSE(catalog.find_customer("customer-0003").has_value());
  EXPECT_FALSE(catalog.find_customer("custome").has_value());
}

TEST(CatalogTest, ShortIdIsNotAnEightByteIdWhoseLastByteLooksLikeALength) {
  // The key packs the length into the bits of the eighth byte: "abcdefg"
  // (7 bytes) and "abcdefgx" (8 bytes, 'x' = 0x78) meet on the same key.
  Catalog catalog;
  ASSERT_TRUE(catalog.add_customer("abcdefgx", 0, "VIP"));
  EXPECT_FALSE(catalog.find_customer("abcdefg").has_value());
  ASSERT_TRUE(catalog.add_customer("abcdefg", 0, "New"));
  EXPECT_EQ(catalog.find_customer("abcdefg"), 1u);
  EXPECT_EQ(catalog.find_customer("abcdefgx"), 0u);
}

TEST(CatalogTest, ManyLongIdsWithACommonPrefixAreAllFound) {
  Catalog catalog;
  for (int i = 0; i < 20'000; ++i)
    ASSERT_TRUE(catalog.add_customer(fmt::format("customer-{:06}", i), 0, "VIP"));
  for (int i = 0; i < 20'000; ++i)
    ASSERT_EQ(catalog.find_customer(fmt::format("customer-{:06}", i)), uint32_t(i));
  EXPECT_FALSE(catalog.find_customer("customer-020000").has_value());
  EXPECT_FALSE(catalog.find_customer("customer-00000").has_value());
}

}  // namespace
}  // namespace ecomflow
