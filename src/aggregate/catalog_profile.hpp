#pragma once
/// What the catalog alone says: products per category and the distribution
/// of list prices.

#include <string>
#include <vector>

#include "core/catalog.hpp"

namespace ecomflow {

/// Products and prices of one category.
struct CategoryProfile {
  std::string category;
  int64_t products = 0;
  Cents min_price = 0;
  Cents max_price = 0;
  Cents average_price = 0;  ///< rounded half up to the cent
  int64_t stock = 0;
};

/// Products whose price lies in [lower, upper).
struct PriceBin {
  Cents lower;
  Cents upper;  ///< INT64_MAX for the open last bin
  int64_t products = 0;
};

/// One entry per catalog category, in catalog order.
std::vector<CategoryProfile> category_profiles(const Catalog& catalog);

/// Bins 0, 10, 25, 50, 100, 250, 500, 1000 (currency units) and above.
std::vector<PriceBin> price_distribution(const Catalog& catalog);

}  // namespace ecomflow
