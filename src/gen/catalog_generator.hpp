#pragma once
/// The synthetic product/customer catalog, shaped like seed 001's `init.sql`.

#include <array>
#include <cstdint>
#include <string_view>

#include "core/catalog.hpp"

namespace ecomflow {

/// How big a catalog to make and from which seed.
struct CatalogOptions {
  int customers = 100;
  int products = 50;
  uint64_t seed = 42;
  /// Join dates fall in the three years before this day (New customers: the last 90 days).
  DayNumber reference_date = days_from_civil(2023, 10, 23);
};

/// The customer segments, in the order their index is used by the generators.
inline constexpr std::array<std::string_view, 4> kSegments = {"VIP", "New", "Regular", "Lapsed"};
/// The product categories of seed 001.
inline constexpr std::array<std::string_view, 5> kCategories = {"Electronics", "Books", "Clothing",
                                                                "Home & Garden", "Sports & Outdoors"};

/// `c001`, `c002`, … (at least three digits).
std::string customer_id(int number);
/// `p001`, `p002`, … (at least three digits).
std::string product_id(int number);

/// Builds `customers` c001… with segment and join date, and `products` p001…
/// named `Product <Alpha|Beta|Gamma|Delta|Omega> <n>` with a category, a price
/// of 10.00–499.99 in exact cents and a stock of 0–500. Same seed, same catalog.
Catalog generate_catalog(const CatalogOptions& options);

}  // namespace ecomflow
