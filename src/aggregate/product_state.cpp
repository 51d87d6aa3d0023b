#include "aggregate/product_state.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "core/error.hpp"

namespace ecomflow {
namespace {

/// Competition ranks ("1224") of `rows` under `better`, written through `rank_of`.
template <typename Better, typename RankOf>
void assign_ranks(std::vector<ProductPerformance>& rows, Better better, RankOf rank_of) {
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return better(rows[a], rows[b]); });
  for (size_t position = 0; position < order.size(); ++position) {
    const bool tie = position > 0 && !better(rows[order[position - 1]], rows[order[position]]);
    rank_of(rows[order[position]]) = tie ? rank_of(rows[order[position - 1]]) : int64_t(position + 1);
  }
}

}  // namespace

void ProductTotals::merge(const ProductTotals& other) {
  views += other.views;
  carts += other.carts;
  removes += other.removes;
  purchases += other.purchases;
  units += other.units;
  revenue += other.revenue;
}

ProductState::ProductState(const Catalog& catalog) : catalog_(&catalog), totals_(catalog.products().size()) {}

void ProductState::add(std::span<const Event> events) {
  // The counter of each event type, and how much it counts: a table lookup
  // instead of a switch, which the CPU mispredicts on a stream of random
  // event types. A page view carrying a product counts nowhere.
  static constexpr int64_t ProductTotals::*kCounter[] = {&ProductTotals::views, &ProductTotals::views,
                                                         &ProductTotals::carts, &ProductTotals::removes,
                                                         &ProductTotals::purchases};
  static constexpr int64_t kCounts[] = {0, 1, 1, 1, 1};
  static_assert(int(EventType::kPageView) == 0 && int(EventType::kViewProduct) == 1 &&
                int(EventType::kAddToCart) == 2 && int(EventType::kRemoveFromCart) == 3 &&
                int(EventType::kPurchase) == 4 && std::size(kCounts) == kEventTypeCount);
  const auto& products = catalog_->products();
  for (const Event& event : events) {
    if (event.product == kNoProduct) continue;
    ProductTotals& slot = totals_[event.product];
    const size_t type = size_t(event.type);
    slot.*kCounter[type] += kCounts[type];
    const int64_t bought = event.type == EventType::kPurchase ? event.quantity : 0;
    slot.units += bought;
    slot.revenue += bought * products[event.product].price;
  }
}

void ProductState::merge(const ProductState& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  for (size_t i = 0; i < totals_.size(); ++i) totals_[i].merge(other.totals_[i]);
}

std::vector<ProductPerformance> ProductState::performance() const {
  std::vector<ProductPerformance> rows;
  for (size_t i = 0; i < totals_.size(); ++i) {
    if (totals_[i].active()) rows.push_back({uint32_t(i), totals_[i], 0, 0});
  }
  assign_ranks(
      rows,
      [](const ProductPerformance& a, const ProductPerformance& b) {
        return a.totals.units > b.totals.units;
      },
      [](ProductPerformance& row) -> int64_t& { return row.rank_by_units; });
  assign_ranks(
      rows,
      [](const ProductPerformance& a, const ProductPerformance& b) {
        return a.totals.revenue > b.totals.revenue;
      },
      [](ProductPerformance& row) -> int64_t& { return row.rank_by_revenue; });
  const auto& products = catalog_->products();
  std::sort(rows.begin(), rows.end(), [&](const ProductPerformance& a, const ProductPerformance& b) {
    return std::tie(b.totals.revenue, b.totals.units, products[a.product].id) <
           std::tie(a.totals.revenue, a.totals.units, products[b.product].id);
  });
  return rows;
}

std::vector<ProductTotals> ProductState::by_category() const {
  std::vector<ProductTotals> categories(catalog_->categories().size());
  const auto& products = catalog_->products();
  for (size_t i = 0; i < totals_.size(); ++i) categories[products[i].category_index].merge(totals_[i]);
  return categories;
}

}  // namespace ecomflow

namespace ecomflow {

void ProductState::save(StateWriter& out) const {
  out.put(int64_t(totals_.size()));
  for (const ProductTotals& slot : totals_) {
    for (const int64_t value :
         {slot.views, slot.carts, slot.removes, slot.purchases, slot.units, slot.revenue})
      out.put(value);
  }
}

bool ProductState::restore(StateReader& in) {
  if (!in.expect(int64_t(totals_.size()))) return false;
  for (ProductTotals& slot : totals_) {
    ProductTotals stored;
    for (int64_t* value :
         {&stored.views, &stored.carts, &stored.removes, &stored.purchases, &stored.units, &stored.revenue})
      in.get(*value);
    slot.merge(stored);
  }
  return in.ok();
}

}  // namespace ecomflow
