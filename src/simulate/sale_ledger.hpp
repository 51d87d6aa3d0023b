#pragma once
/// The accounting of a simulated sale day: carts opened, checked out
/// (fully or partly filled), failed for want of stock, or abandoned; units
/// sold and unmet; revenue and the revenue lost to stock-outs; the first
/// time each product ran out. Pure: the runner tells it what the shop did.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "core/time.hpp"
#include "simulate/event_plan.hpp"

namespace ecomflow {

/// A product as the day starts.
struct SaleProduct {
  std::string id;
  std::string name;
  std::string category;
  Cents price = 0;
  int64_t initial_stock = 0;
};

/// A shopper; `simulated` when the simulation created it.
struct SaleCustomer {
  std::string id;
  bool simulated = false;
};

/// One cart line at checkout: asked for, sold, at the database's price.
struct LineOutcome {
  uint32_t product = 0;
  int64_t requested = 0;
  int64_t sold = 0;
  Cents unit_price = 0;
};

/// Per-product totals.
struct ProductTally {
  int64_t units_sold = 0;
  Cents revenue = 0;
  int64_t units_unmet = 0;
  Cents lost_revenue = 0;
  std::optional<TimestampUs> first_stock_out;  ///< when a shopper first found it short
};

/// Per-customer totals.
struct CustomerTally {
  int64_t events = 0;
  int64_t carts = 0;
  int64_t orders = 0;
  int64_t abandoned = 0;
  int64_t units = 0;
  Cents revenue = 0;
  Cents lost_revenue = 0;
};

/// The day's headline numbers.
struct SaleTotals {
  int64_t events = 0;
  int64_t add_to_cart_events = 0;
  int64_t checkout_events = 0;
  int64_t abandon_events = 0;
  int64_t carts = 0;             ///< carts opened (a cart opens with its first item)
  int64_t completed = 0;         ///< carts checked out into an order (fully or partly filled)
  int64_t partially_filled = 0;  ///< completed carts with at least one line short
  int64_t failed = 0;            ///< carts whose checkout found no stock for any line
  int64_t abandoned = 0;
  int64_t open_at_end = 0;  ///< carts still open when the day ended
  int64_t units_sold = 0;
  int64_t units_unmet = 0;
  int64_t stock_out_lines = 0;  ///< cart lines checkout could not fill completely
  int64_t products_out = 0;     ///< products that ran out (some demand unmet)
  Cents revenue = 0;
  Cents lost_revenue = 0;     ///< unmet units × price
  Cents abandoned_value = 0;  ///< what abandoned carts held, at the price of the day

  /// revenue / (revenue + lost), 1 when both are zero.
  double success_rate() const;
  /// completed / carts (never above 1: a cart ends once).
  double conversion() const;
  /// abandoned / carts.
  double abandonment() const;
};

/// Accumulates one day. Calls for one customer come in that customer's
/// event order; with several shoppers at once the caller serialises calls.
class SaleLedger {
 public:
  SaleLedger(std::vector<SaleProduct> products, std::vector<SaleCustomer> customers);

  /// An event took place (counted by action before its outcome).
  void count_event(uint32_t customer, CartAction action);
  /// An item went into the customer's cart (opens a cart when it was empty).
  void added(uint32_t customer);
  /// The customer's cart was checked out with these line outcomes; it is
  /// closed. Returns the revenue of what was sold.
  Cents checked_out(uint32_t customer, const std::vector<LineOutcome>& lines);
  /// The customer's cart was abandoned holding `value`; it is closed.
  void abandoned(uint32_t customer, Cents value);
  /// A shopper found the product short at `time` (only the first call counts:
  /// from then on its stock is zero).
  void stock_out(uint32_t product, TimestampUs time);
  /// Counts the carts still open; call once at the end.
  void finish();

  const SaleTotals& totals() const { return totals_; }
  const std::vector<SaleProduct>& products() const { return products_; }
  const std::vector<SaleCustomer>& customers() const { return customers_; }
  const std::vector<ProductTally>& product_tallies() const { return product_tallies_; }
  const std::vector<CustomerTally>& customer_tallies() const { return customer_tallies_; }
  bool cart_open(uint32_t customer) const { return cart_open_[customer]; }

 private:
  std::vector<SaleProduct> products_;
  std::vector<SaleCustomer> customers_;
  std::vector<ProductTally> product_tallies_;
  std::vector<CustomerTally> customer_tallies_;
  std::vector<bool> cart_open_;
  SaleTotals totals_;
};

}  // namespace ecomflow
