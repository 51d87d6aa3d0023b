#pragma once
/// Product performance: views, carts, purchases, units and revenue per
/// catalog product, with rankings and step conversion rates.

#include <span>
#include <vector>

#include "aggregate/state_codec.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"
#include "core/money.hpp"

namespace ecomflow {

/// Counters of one product.
struct ProductTotals {
  int64_t views = 0;      ///< view_product events
  int64_t carts = 0;      ///< add_to_cart events
  int64_t removes = 0;    ///< remove_from_cart events
  int64_t purchases = 0;  ///< purchase events
  int64_t units = 0;      ///< units purchased
  Cents revenue = 0;      ///< units × catalog price

  /// add_to_cart per view_product; 0 without views.
  double view_to_cart() const { return views == 0 ? 0.0 : double(carts) / double(views); }
  /// purchase per add_to_cart; 0 without carts (can exceed 1: buying needs no cart event).
  double cart_to_purchase() const { return carts == 0 ? 0.0 : double(purchases) / double(carts); }
  /// Whether the product had any event.
  bool active() const { return views + carts + removes + purchases != 0; }
  /// Adds another product slot's counts.
  void merge(const ProductTotals& other);
  bool operator==(const ProductTotals&) const = default;
};

/// One line of the product performance report.
struct ProductPerformance {
  uint32_t product;  ///< catalog index
  ProductTotals totals;
  int64_t rank_by_units;    ///< 1 = most units (ties share the best rank)
  int64_t rank_by_revenue;  ///< 1 = most revenue (ties share the best rank)
};

/// Array-indexed counters, one slot per catalog product.
class ProductState {
 public:
  /// Sized for the catalog's products.
  explicit ProductState(const Catalog& catalog);

  /// Counts a batch; page views (no product) are ignored.
  void add(std::span<const Event> events);
  /// Folds another state of the same catalog into this one.
  void merge(const ProductState& other);

  /// Writes the state for a later restore() (state_codec.hpp).
  void save(StateWriter& out) const;
  /// Adds a state written by save() over the same catalog; false (and the
  /// state is then unusable) when it does not fit this catalog.
  bool restore(StateReader& in);
  /// Index = catalog product index.
  const std::vector<ProductTotals>& totals() const { return totals_; }
  /// Products with any event, by revenue desc, then units desc, then product id.
  std::vector<ProductPerformance> performance() const;
  /// Per catalog category (index = category index): the sum of its products.
  std::vector<ProductTotals> by_category() const;

 private:
  const Catalog* catalog_;
  std::vector<ProductTotals> totals_;
};

}  // namespace ecomflow
