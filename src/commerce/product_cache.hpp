#pragma once
/// ShopProduct lookups cached in Redis (`product:{id}` hashes with a TTL) or in
/// process. An entry carries the product's version: a store never replaces
/// a newer version with an older one, so a slow read cannot undo the write
/// that follows a stock change. After a Redis outage every product entry is
/// retired (a new key generation, one INCR) before the cache is trusted
/// again: a write it missed may have left one stale.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "commerce/product.hpp"
#include "commerce/redis_client.hpp"

namespace ecomflow {

/// A product cache. Implementations are thread-safe.
class ProductCache {
 public:
  virtual ~ProductCache() = default;
  /// The cached product, or nullopt on a miss (or while the cache is unusable).
  virtual std::optional<ShopProduct> get(const std::string& product_id) = 0;
  /// Stores `product` unless the cache holds a newer version. Used both to
  /// fill after a miss and to write through after a change.
  virtual void put(const ShopProduct& product) = 0;
  /// Drops every entry at once, for a catalog replaced outside the shop (a
  /// re-import); false when the cache cannot be reached.
  virtual bool retire_all() = 0;
};

/// An in-process cache with the same TTL and version rules.
std::unique_ptr<ProductCache> make_memory_product_cache(std::chrono::seconds ttl);
/// A cache in Redis shared by every process that uses the same server.
std::unique_ptr<ProductCache> make_redis_product_cache(RedisClient& redis, std::string key_prefix,
                                                       std::chrono::seconds ttl);

}  // namespace ecomflow
