#pragma once
/// The best sellers by units, kept write-through on every order so a read
/// equals the SQL over orders: a Redis sorted set `top_products` shared by
/// every process, or an in-process table. Both are rebuilt from SQL when
/// they cannot vouch for themselves (at start, after a Redis outage, or —
/// in process — when another process placed orders).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "commerce/cart_store.hpp"
#include "commerce/redis_client.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// One best seller.
struct TopProduct {
  std::string product_id;
  int64_t units_sold = 0;
  bool operator==(const TopProduct&) const = default;
};

/// The SQL answer: units per product over orders not cancelled, by units
/// descending then product id, at most `limit` rows.
std::vector<TopProduct> top_products_from_sql(Database& database, std::optional<size_t> limit);

/// A write-through top-sellers table. Thread-safe.
class TopProductsCache {
 public:
  virtual ~TopProductsCache() = default;
  /// The `limit` best sellers.
  virtual std::vector<TopProduct> top(Database& database, size_t limit) = 0;
  /// Taken before an order's transaction commits and held until record():
  /// a rebuild never runs between an order's commit and its write-through.
  std::shared_lock<std::shared_mutex> hold() { return std::shared_lock(rebuild_mutex_); }
  /// Adds a committed order's lines (call while holding hold()).
  virtual void record(int64_t order_id, const std::vector<CartLine>& lines) = 0;

 protected:
  std::shared_mutex rebuild_mutex_;  // exclusive while rebuilding from SQL
};

std::unique_ptr<TopProductsCache> make_memory_top_products();
std::unique_ptr<TopProductsCache> make_redis_top_products(RedisClient& redis, std::string key_prefix);

}  // namespace ecomflow
