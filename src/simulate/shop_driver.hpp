#pragma once
/// The shop a simulated day drives, in the terms of the shop's own API:
/// cart changes and checkouts. Two implementations, both over the shop's
/// real cart and checkout code: `Shop` in this process (commerce/), or a
/// running `ecomflow serve` over HTTP. Neither prices nor takes stock itself.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/money.hpp"

namespace ecomflow {

class Shop;

/// A cart line as the shop holds it.
struct DriverCartLine {
  std::string product_id;
  int64_t quantity = 0;
};

/// A line of a placed order, at the price the database held.
struct DriverOrderLine {
  std::string product_id;
  int64_t quantity = 0;
  Cents unit_price = 0;
};

/// A cart line the stock could not cover.
struct DriverShortage {
  std::string product_id;
  int64_t requested = 0;
  int64_t available = 0;
};

/// How a checkout ended, as far as the simulation cares.
struct DriverCheckout {
  enum class Outcome { kPlaced, kOutOfStock, kEmptyCart } outcome = Outcome::kPlaced;
  Cents total = 0;
  std::vector<DriverOrderLine> items;     ///< kPlaced
  std::vector<DriverShortage> shortages;  ///< kOutOfStock: every short line
};

/// One shopper's view of the shop. Thread-safe: concurrent shoppers share one.
/// A refusal the simulation cannot continue from (the store is down, an
/// unknown product) throws UserError.
class ShopDriver {
 public:
  virtual ~ShopDriver() = default;
  virtual void add_to_cart(const std::string& customer, const std::string& product, int64_t quantity) = 0;
  /// Sets a line's quantity; 0 removes it.
  virtual void set_quantity(const std::string& customer, const std::string& product, int64_t quantity) = 0;
  virtual std::vector<DriverCartLine> cart(const std::string& customer) = 0;
  virtual void clear_cart(const std::string& customer) = 0;
  virtual DriverCheckout checkout(const std::string& customer, const std::string& idempotency_key) = 0;
  /// Commits the calling thread's group of cart changes, when the driver
  /// groups them (an order is always committed before checkout returns).
  virtual void commit() {}
  /// "in-process" or "api http://…", for the console.
  virtual std::string describe() const = 0;
};

/// Drives `shop` in this process. With `group_changes` > 0 each thread's
/// cart changes share a database transaction (a ShopBatch of at most that
/// many changes), committed with its next order or at commit(); 0 gives
/// every request its own transaction, as over HTTP.
std::unique_ptr<ShopDriver> make_in_process_driver(Shop& shop, size_t group_changes = 0);

/// Drives a running `ecomflow serve` at `base_url` (`http://127.0.0.1:8080`);
/// `token` is sent as a bearer token when not empty. `connections` sizes
/// nothing here: each calling thread keeps its own keep-alive connection.
std::unique_ptr<ShopDriver> make_http_driver(const std::string& base_url, const std::string& token);

}  // namespace ecomflow
