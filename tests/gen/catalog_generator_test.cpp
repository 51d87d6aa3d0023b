#include "gen/catalog_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

namespace ecomflow {
namespace {

TEST(CatalogGenerator, HasSeed001Shape) {
  const Catalog catalog = generate_catalog({});
  ASSERT_EQ(catalog.customers().size(), 100u);
  ASSERT_EQ(catalog.products().size(), 50u);
  EXPECT_EQ(catalog.customers().front().id, "c001");
  EXPECT_EQ(catalog.customers().back().id, "c100");
  EXPECT_EQ(catalog.products().front().id, "p001");
  EXPECT_EQ(catalog.products().back().id, "p050");
  const std::regex name_pattern("Product (Alpha|Beta|Gamma|Delta|Omega) ([0-9]+)");
  for (size_t i = 0; i < catalog.products().size(); ++i) {
    const Product& product = catalog.products()[i];
    std::smatch match;
    ASSERT_TRUE(std::regex_match(product.name, match, name_pattern)) << product.name;
    EXPECT_EQ(match[2].str(), std::to_string(i + 1));
    EXPECT_NE(std::find(kCategories.begin(), kCategories.end(), product.category), kCategories.end());
    EXPECT_GE(product.price, 1000);
    EXPECT_LE(product.price, 50000);
    EXPECT_GE(product.stock, 0);
    EXPECT_LE(product.stock, 500);
  }
  for (const Customer& customer : catalog.customers()) {
    EXPECT_NE(std::find(kSegments.begin(), kSegments.end(), customer.segment), kSegments.end());
    EXPECT_LT(customer.join_date, days_from_civil(2023, 10, 23) + 1);
    EXPECT_GT(customer.join_date, days_from_civil(2020, 10, 1));
  }
  // With 100 customers every segment shows up.
  EXPECT_EQ(catalog.segments().size(), 4u);
}

TEST(CatalogGenerator, SameSeedSameCatalogOtherSeedOther) {
  const Catalog first = generate_catalog({100, 50, 7});
  const Catalog again = generate_catalog({100, 50, 7});
  const Catalog other = generate_catalog({100, 50, 8});
  bool differs = false;
  for (size_t i = 0; i < first.products().size(); ++i) {
    EXPECT_EQ(first.products()[i].price, again.products()[i].price);
    EXPECT_EQ(first.products()[i].name, again.products()[i].name);
    differs = differs || first.products()[i].price != other.products()[i].price;
  }
  for (size_t i = 0; i < first.customers().size(); ++i) {
    EXPECT_EQ(first.customers()[i].segment, again.customers()[i].segment);
    EXPECT_EQ(first.customers()[i].join_date, again.customers()[i].join_date);
  }
  EXPECT_TRUE(differs);
}

TEST(CatalogGenerator, IdsWidenPastThreeDigits) {
  const Catalog catalog = generate_catalog({1200, 3, 1});
  EXPECT_EQ(catalog.customers()[998].id, "c999");
  EXPECT_EQ(catalog.customers()[999].id, "c1000");
  EXPECT_TRUE(catalog.find_customer("c1200").has_value());
}

}  // namespace
}  // namespace ecomflow
