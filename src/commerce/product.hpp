#pragma once
/// A product as the shop sells it, and how to read products from the database.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// One row of `products`.
struct ShopProduct {
  std::string product_id;
  std::string product_name;
  std::string category;
  Cents price = 0;
  int64_t stock = 0;
  std::string metadata = "{}";  ///< a JSON object, as stored
  int64_t version = 0;          ///< bumped on every stock or price change
};

/// Filters of a product listing; empty members do not filter.
struct ProductFilter {
  std::string category;
  std::optional<Cents> min_price;
  std::optional<Cents> max_price;
  std::string text;  ///< case-insensitive substring of the name
  std::string metadata_key;
  std::optional<std::string> metadata_value;  ///< with metadata_key: the key's value as text
  int64_t limit = 100;
  int64_t offset = 0;
};

/// The product `product_id`, or nullopt.
std::optional<ShopProduct> find_product(Database& database, const std::string& product_id);

/// Products matching `filter`, by product id.
std::vector<ShopProduct> list_products(Database& database, const ProductFilter& filter);

/// The columns every product query selects, in Product's order, for `backend`.
std::string product_columns_sql(const std::string& backend, const std::string& table_alias = "");

/// A ShopProduct from a row selected with product_columns_sql, starting at `first`.
ShopProduct product_from_row(const std::vector<std::optional<std::string>>& row, size_t first = 0);

/// Parses an integer written in base 10; nullopt for anything else.
std::optional<int64_t> parse_integer(const std::string& text);

}  // namespace ecomflow
