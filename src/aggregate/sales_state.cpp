#include "aggregate/sales_state.hpp"

#include <algorithm>
#include <bit>
#include <tuple>

#include "core/error.hpp"

namespace ecomflow {

SalesState::SalesState(const Catalog& catalog)
    : catalog_(&catalog),
      segment_count_(std::max<size_t>(1, catalog.segments().size())),
      words_per_cell_((catalog.customers().size() + 63) / 64),
      cells_(std::max<size_t>(1, catalog.categories().size()) * segment_count_),
      customer_bits_(cells_.size() * words_per_cell_, 0) {}

size_t SalesState::cell_index(uint32_t customer, uint32_t product) const {
  const Product& item = catalog_->products()[product];
  return item.category_index * segment_count_ + catalog_->customers()[customer].segment_index;
}

void SalesState::add_purchase(uint32_t customer, uint32_t product, int64_t quantity, Cents unit_price) {
  const size_t cell = cell_index(customer, product);
  const Cents revenue = quantity * unit_price;
  cells_[cell].revenue += revenue;
  cells_[cell].units += quantity;
  customer_bits_[cell * words_per_cell_ + customer / 64] |= uint64_t(1) << (customer % 64);
  ++purchases_;
  units_ += quantity;
  revenue_ += revenue;
}

void SalesState::add(std::span<const Event> events) {
  const auto& products = catalog_->products();
  for (const Event& event : events) {
    if (event.type != EventType::kPurchase) continue;
    add_purchase(event.customer, event.product, event.quantity, products[event.product].price);
  }
}

void SalesState::merge(const SalesState& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  for (size_t i = 0; i < cells_.size(); ++i) {
    cells_[i].revenue += other.cells_[i].revenue;
    cells_[i].units += other.cells_[i].units;
  }
  for (size_t i = 0; i < customer_bits_.size(); ++i) customer_bits_[i] |= other.customer_bits_[i];
  purchases_ += other.purchases_;
  units_ += other.units_;
  revenue_ += other.revenue_;
}

std::vector<SalesRow> SalesState::rows() const {
  std::vector<SalesRow> rows;
  const auto& categories = catalog_->categories();
  const auto& segments = catalog_->segments();
  for (size_t category = 0; category < categories.size(); ++category) {
    for (size_t segment = 0; segment < segments.size(); ++segment) {
      const size_t cell = category * segment_count_ + segment;
      if (cells_[cell].units == 0) continue;
      int64_t customers = 0;
      for (size_t word = 0; word < words_per_cell_; ++word)
        customers += std::popcount(customer_bits_[cell * words_per_cell_ + word]);
      rows.push_back(
          {categories[category], segments[segment], cells_[cell].revenue, cells_[cell].units, customers});
    }
  }
  std::sort(rows.begin(), rows.end(), [](const SalesRow& a, const SalesRow& b) {
    return std::tie(b.revenue, a.category, a.segment) < std::tie(a.revenue, b.category, b.segment);
  });
  return rows;
}

}  // namespace ecomflow

namespace ecomflow {

void SalesState::save(StateWriter& out) const {
  out.put(int64_t(cells_.size()));
  for (const Cell& cell : cells_) {
    out.put(cell.revenue);
    out.put(cell.units);
  }
  out.put(int64_t(customer_bits_.size()));
  for (const uint64_t word : customer_bits_) out.put(int64_t(word));
  out.put(purchases_);
  out.put(units_);
  out.put(revenue_);
}

bool SalesState::restore(StateReader& in) {
  if (!in.expect(int64_t(cells_.size()))) return false;
  for (Cell& cell : cells_) {
    int64_t revenue = 0, units = 0;
    in.get(revenue);
    in.get(units);
    cell.revenue += revenue;
    cell.units += units;
  }
  if (!in.expect(int64_t(customer_bits_.size()))) return false;
  for (uint64_t& word : customer_bits_) {
    int64_t bits = 0;
    in.get(bits);
    word |= uint64_t(bits);
  }
  int64_t purchases = 0, units = 0, revenue = 0;
  in.get(purchases);
  in.get(units);
  in.get(revenue);
  purchases_ += purchases;
  units_ += units;
  revenue_ += revenue;
  return in.ok();
}

}  // namespace ecomflow
