#pragma once
/// The shop's transactional side in one object: products (cached), carts
/// (Redis or the database), checkout (one transaction) and the top sellers.
/// `serve`, the `cart` / `order` commands and the simulator all go through it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commerce/cart_store.hpp"
#include "commerce/checkout.hpp"
#include "commerce/database_pool.hpp"
#include "commerce/product.hpp"
#include "commerce/product_cache.hpp"
#include "commerce/redis_client.hpp"
#include "commerce/top_products.hpp"

namespace ecomflow {

/// How a Shop is wired.
struct ShopOptions {
  std::string database_url;
  /// `redis://host:port/N`; empty keeps carts in the database and caches in process.
  std::string redis_url;
  std::chrono::seconds cart_ttl{24 * 3600};
  std::chrono::seconds product_cache_ttl{60};
  size_t database_connections = 8;
  /// Prepended to every Redis key, so several shops (or tests) can share one server.
  std::string redis_key_prefix;
  /// Largest quantity of one product in a cart.
  int64_t max_quantity = 10'000;
};

/// Counters and state for health pages and metrics.
struct ShopStatus {
  bool redis_configured = false;
  bool redis_up = false;
  uint64_t redis_failures = 0;  ///< Redis commands that failed (the database answered instead)
  uint64_t product_cache_hits = 0;
  uint64_t product_cache_misses = 0;
};

class ShopBatch;

/// Everything the shop does, safe to call from many threads.
class Shop {
 public:
  explicit Shop(ShopOptions options);
  ~Shop();

  /// A product by id (through the cache), or nullopt.
  std::optional<ShopProduct> product(const std::string& product_id);
  /// Drops every cached product, so the next lookups read the database: for
  /// a catalog changed outside the shop (`catalog import`). False when the
  /// cache (Redis) cannot be reached.
  bool forget_cached_products() { return product_cache_->retire_all(); }
  /// Products matching a filter (from the database).
  std::vector<ShopProduct> products(const ProductFilter& filter);

  /// The customer's cart (empty when it expired or never existed).
  CartResult cart(const std::string& customer_id);
  /// Adds `quantity` (≥ 1) of a product, merged with what the cart holds.
  CartResult add_to_cart(const std::string& customer_id, const std::string& product_id, int64_t quantity);
  /// Sets a product's quantity (0 removes it).
  CartResult set_cart_quantity(const std::string& customer_id, const std::string& product_id,
                               int64_t quantity);
  /// Empties the cart.
  CartResult clear_cart(const std::string& customer_id);
  /// Carts that expired while holding items; nullopt while Redis is down.
  std::optional<int64_t> abandoned_carts() { return carts_->abandoned(); }

  /// Checks out the customer's cart (see checkout.hpp).
  PlaceOrderResult place_order(const PlaceOrderRequest& request);
  /// One order with its items, or nullopt.
  std::optional<Order> order(int64_t order_id);
  /// A customer's orders, newest first.
  std::vector<Order> customer_orders(const std::string& customer_id, int64_t limit);
  /// The `limit` best sellers by units over all orders not cancelled.
  std::vector<TopProduct> top_products(size_t limit);

  ShopStatus status() const;
  DatabasePool& database() { return pool_; }
  const ShopOptions& options() const { return options_; }

 private:
  friend class ShopBatch;
  // The requests above, run in `batch` (null: each in its own transaction).
  std::optional<ShopProduct> product(const std::string& product_id, ShopBatch* batch);
  CartResult cart(const std::string& customer_id, ShopBatch* batch);
  CartResult add_to_cart(const std::string& customer_id, const std::string& product_id, int64_t quantity,
                         ShopBatch* batch);
  CartResult set_cart_quantity(const std::string& customer_id, const std::string& product_id,
                               int64_t quantity, ShopBatch* batch);
  CartResult clear_cart(const std::string& customer_id, ShopBatch* batch);
  PlaceOrderResult place_order(const PlaceOrderRequest& request, ShopBatch* batch);
  CartError check_item(const std::string& product_id, int64_t quantity, bool allow_zero, ShopBatch* batch);
  /// The batch's open transaction (begun now if need be), or null for a request of its own.
  static Database* transaction_of(ShopBatch* batch);

  ShopOptions options_;
  DatabasePool pool_;
  std::unique_ptr<RedisClient> redis_;  // null without --redis
  std::unique_ptr<CartStore> carts_;
  std::unique_ptr<ProductCache> product_cache_;
  std::unique_ptr<TopProductsCache> top_products_;
  std::atomic<uint64_t> cache_hits_{0};
  std::atomic<uint64_t> cache_misses_{0};
};

/// One thread's run of shop requests whose cart changes share database
/// transactions: each change joins the open one, which commits with the
/// next order (so an order is committed when place_order returns, as
/// always), at commit(), or after `max_changes` changes. A checkout stays
/// all or nothing (a savepoint inside the transaction). What is not yet
/// committed when the batch is destroyed (a crash, an exception) is cart
/// changes only, and they are rolled back together. Carts in Redis are not
/// in the database: there every request stays its own. Not thread-safe:
/// one batch per thread; it holds one of the pool's connections while open.
class ShopBatch {
 public:
  ShopBatch(Shop& shop, size_t max_changes);
  ~ShopBatch();
  ShopBatch(const ShopBatch&) = delete;
  ShopBatch& operator=(const ShopBatch&) = delete;

  CartResult cart(const std::string& customer_id) { return shop_.cart(customer_id, this); }
  CartResult add_to_cart(const std::string& customer_id, const std::string& product_id, int64_t quantity);
  CartResult set_cart_quantity(const std::string& customer_id, const std::string& product_id,
                               int64_t quantity);
  CartResult clear_cart(const std::string& customer_id);
  PlaceOrderResult place_order(const PlaceOrderRequest& request);
  /// Commits the cart changes made so far.
  void commit();

 private:
  friend class Shop;
  /// The open transaction (begun on first use), or null when carts are in Redis.
  Database* transaction();
  /// The connection while one is held, for reads (never begins a transaction).
  Database* connection() { return database_ ? &**database_ : nullptr; }
  /// Counts a change; commits after `max_changes_`.
  void changed();

  Shop& shop_;
  const size_t max_changes_;
  std::optional<PooledDatabase> database_;
  bool open_ = false;
  size_t changes_ = 0;
};

}  // namespace ecomflow
