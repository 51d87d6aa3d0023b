#pragma once
/// Seed 001's sales report as mergeable state: revenue, units and distinct
/// customers per (product category × customer segment).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "aggregate/state_codec.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"
#include "core/money.hpp"

namespace ecomflow {

/// One line of `sales_report.csv`.
struct SalesRow {
  std::string category;
  std::string segment;
  Cents revenue;
  int64_t units;
  int64_t unique_customers;
};

/// Per-cell sums plus a bitmap of customers, so partial states from threads,
/// files or days merge into exactly the answer of one pass.
class SalesState {
 public:
  /// Sized for a catalog: categories × segments cells, one bit per customer.
  explicit SalesState(const Catalog& catalog);

  /// Adds the purchases of a batch; other event types are ignored.
  void add(std::span<const Event> events);
  /// Adds one purchase at a given unit price (used when replaying stored facts,
  /// whose price is the one valid when the purchase was made).
  void add_purchase(uint32_t customer, uint32_t product, int64_t quantity, Cents unit_price);
  /// Folds another state of the same catalog into this one.
  void merge(const SalesState& other);

  /// Writes the state for a later restore() (state_codec.hpp).
  void save(StateWriter& out) const;
  /// Adds a state written by save() over the same catalog; false (and the
  /// state is then unusable) when it does not fit this catalog.
  bool restore(StateReader& in);
  /// Report rows: revenue desc, then category, then segment. Cells without
  /// purchases are left out.
  std::vector<SalesRow> rows() const;

  int64_t purchases() const { return purchases_; }
  Cents revenue() const { return revenue_; }
  int64_t units() const { return units_; }

 private:
  struct Cell {
    Cents revenue = 0;
    int64_t units = 0;
  };
  size_t cell_index(uint32_t customer, uint32_t product) const;

  const Catalog* catalog_;
  size_t segment_count_;
  size_t words_per_cell_;
  std::vector<Cell> cells_;
  std::vector<uint64_t> customer_bits_;  ///< words_per_cell_ words per cell
  int64_t purchases_ = 0;
  int64_t units_ = 0;
  Cents revenue_ = 0;
};

}  // namespace ecomflow
