#include "simulate/sale_ledger.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace ecomflow {

double SaleTotals::success_rate() const {
  const Cents demand = revenue + lost_revenue;
  return demand == 0 ? 1.0 : double(revenue) / double(demand);
}

double SaleTotals::conversion() const { return carts == 0 ? 0.0 : double(completed) / double(carts); }

double SaleTotals::abandonment() const { return carts == 0 ? 0.0 : double(abandoned) / double(carts); }

SaleLedger::SaleLedger(std::vector<SaleProduct> products, std::vector<SaleCustomer> customers)
    : products_(std::move(products)),
      customers_(std::move(customers)),
      product_tallies_(products_.size()),
      customer_tallies_(customers_.size()),
      cart_open_(customers_.size(), false) {}

void SaleLedger::count_event(uint32_t customer, CartAction action) {
  ++totals_.events;
  ++customer_tallies_[customer].events;
  switch (action) {
    case CartAction::kAddToCart:
      ++totals_.add_to_cart_events;
      break;
    case CartAction::kCheckout:
      ++totals_.checkout_events;
      break;
    case CartAction::kAbandon:
      ++totals_.abandon_events;
      break;
  }
}

void SaleLedger::added(uint32_t customer) {
  if (cart_open_[customer]) return;
  cart_open_[customer] = true;
  ++totals_.carts;
  ++customer_tallies_[customer].carts;
}

Cents SaleLedger::checked_out(uint32_t customer, const std::vector<LineOutcome>& lines) {
  ECOMFLOW_CHECK(cart_open_[customer]);
  cart_open_[customer] = false;
  CustomerTally& shopper = customer_tallies_[customer];
  Cents revenue = 0;
  bool short_line = false;
  for (const LineOutcome& line : lines) {
    ECOMFLOW_CHECK(line.sold >= 0 && line.sold <= line.requested);
    ProductTally& product = product_tallies_[line.product];
    const int64_t unmet = line.requested - line.sold;
    product.units_sold += line.sold;
    product.revenue += line.sold * line.unit_price;
    product.units_unmet += unmet;
    product.lost_revenue += unmet * line.unit_price;
    revenue += line.sold * line.unit_price;
    totals_.units_sold += line.sold;
    totals_.units_unmet += unmet;
    totals_.lost_revenue += unmet * line.unit_price;
    shopper.units += line.sold;
    shopper.lost_revenue += unmet * line.unit_price;
    if (unmet > 0) {
      short_line = true;
      ++totals_.stock_out_lines;
    }
  }
  totals_.revenue += revenue;
  shopper.revenue += revenue;
  if (std::any_of(lines.begin(), lines.end(), [](const LineOutcome& line) { return line.sold > 0; })) {
    ++totals_.completed;
    ++shopper.orders;
    if (short_line) ++totals_.partially_filled;
  } else {
    ++totals_.failed;
  }
  return revenue;
}

void SaleLedger::abandoned(uint32_t customer, Cents value) {
  ECOMFLOW_CHECK(cart_open_[customer]);
  cart_open_[customer] = false;
  ++totals_.abandoned;
  ++customer_tallies_[customer].abandoned;
  totals_.abandoned_value += value;
}

void SaleLedger::stock_out(uint32_t product, TimestampUs time) {
  ProductTally& tally = product_tallies_[product];
  if (tally.first_stock_out) return;
  tally.first_stock_out = time;
  ++totals_.products_out;
}

void SaleLedger::finish() {
  for (bool open : cart_open_) totals_.open_at_end += open;
}

}  // namespace ecomflow
