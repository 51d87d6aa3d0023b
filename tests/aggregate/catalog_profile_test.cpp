#include "aggregate/catalog_profile.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(CatalogProfileTest, CategoriesAndPriceBins) {
  Catalog catalog;
  catalog.add_product("p1", "a", "Books", 999, 3);
  catalog.add_product("p2", "b", "Toys", 1000, 1);
  catalog.add_product("p3", "c", "Books", 50000, 2);
  catalog.add_product("p4", "d", "Books", 150000, 0);
  const auto categories = category_profiles(catalog);
  ASSERT_EQ(categories.size(), 2u);
  EXPECT_EQ(categories[0].category, "Books");
  EXPECT_EQ(categories[0].products, 3);
  EXPECT_EQ(categories[0].min_price, 999);
  EXPECT_EQ(categories[0].max_price, 150000);
  EXPECT_EQ(categories[0].average_price, 67000);  // 2009.99 / 3 = 669.996…
  EXPECT_EQ(categories[0].stock, 5);

  const auto bins = price_distribution(catalog);
  ASSERT_EQ(bins.size(), 8u);
  EXPECT_EQ(bins[0].products, 1);  // 9.99
  EXPECT_EQ(bins[1].products, 1);  // 10.00 opens the second bin
  EXPECT_EQ(bins[6].lower, 50000);
  EXPECT_EQ(bins[6].products, 1);
  EXPECT_EQ(bins[7].products, 1);
  EXPECT_EQ(bins[7].upper, INT64_MAX);
}

}  // namespace
}  // namespace ecomflow
