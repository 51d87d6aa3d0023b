#pragma once
/// The product and customer catalog (seed 001's `products` and `customers`),
/// indexed for constant-time lookup by id.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/money.hpp"
#include "core/time.hpp"

namespace ecomflow {

/// One row of `customers`.
struct Customer {
  std::string id;          ///< `c001`
  DayNumber join_date;
  std::string segment;     ///< `VIP`, `New`, `Regular`, `Lapsed`, or any other name
  uint16_t segment_index;  ///< dense index into Catalog::segments()
};

/// One row of `products`.
struct Product {
  std::string id;           ///< `p001`
  std::string name;
  std::string category;
  Cents price;
  int64_t stock;
  uint16_t category_index;  ///< dense index into Catalog::categories()
};

/// Customers and products with id → index maps. Built once, then read-only
/// and shared by all worker threads.
class Catalog {
 public:
  /// Adds a customer; returns false when the id is already present.
  bool add_customer(std::string id, DayNumber join_date, std::string segment);
  /// Adds a product; returns false when the id is already present.
  bool add_product(std::string id, std::string name, std::string category, Cents price, int64_t stock);

  std::optional<uint32_t> find_customer(std::string_view id) const;
  std::optional<uint32_t> find_product(std::string_view id) const;

  const std::vector<Customer>& customers() const { return customers_; }
  const std::vector<Product>& products() const { return products_; }
  /// Distinct segment names, in first-seen order.
  const std::vector<std::string>& segments() const { return segments_; }
  /// Distinct category names, in first-seen order.
  const std::vector<std::string>& categories() const { return categories_; }

  bool empty() const { return customers_.empty() && products_.empty(); }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using IndexMap = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

  static uint16_t intern(std::vector<std::string>& names, const std::string& name);

  std::vector<Customer> customers_;
  std::vector<Product> products_;
  std::vector<std::string> segments_;
  std::vector<std::string> categories_;
  IndexMap customer_index_;
  IndexMap product_index_;
};

}  // namespace ecomflow
