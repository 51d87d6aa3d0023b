#pragma once
/// Where carts live: a Redis hash per customer (`--redis`) or two tables in
/// the database. A cart holds product ids and quantities only, never
/// prices; it expires `cart_ttl` after its last change, and an expired cart
/// that still held items counts as abandoned.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "commerce/database_pool.hpp"
#include "commerce/redis_client.hpp"

namespace ecomflow {

/// One product in a cart.
struct CartLine {
  std::string product_id;
  int64_t quantity = 0;
  bool operator==(const CartLine&) const = default;
};

/// A customer's cart, lines by product id.
struct Cart {
  std::string customer_id;
  std::vector<CartLine> items;
  int64_t expires_at = 0;  ///< Unix seconds; 0 for an empty cart
};

/// Why a cart operation was refused.
enum class CartError {
  kNone,
  kUnknownProduct,
  kBadQuantity,  ///< negative, zero where an add needs ≥ 1, or above the limit
  kUnavailable,  ///< the cart store (Redis) cannot be reached
};

/// A cart operation's outcome: the cart after it, or why it was refused.
struct CartResult {
  CartError error = CartError::kNone;
  std::string detail;
  Cart cart;
};

/// Storage of carts. Implementations are thread-safe.
///
/// `transaction`, when not null, is a transaction the caller holds open on
/// the shop's database: carts in the database are read and changed there,
/// and commit (or vanish) with the caller's work, so many changes cost one
/// commit. Carts in Redis ignore it.
class CartStore {
 public:
  virtual ~CartStore() = default;
  /// The live cart (expired ones read as empty); nullopt when unavailable.
  virtual std::optional<Cart> get(const std::string& customer_id, Database* transaction = nullptr) = 0;
  /// Adds to a line; returns the line's new quantity, nullopt when unavailable.
  /// A total above `max_quantity` is refused (returns -1, cart unchanged).
  virtual std::optional<int64_t> add(const std::string& customer_id, const std::string& product_id,
                                     int64_t quantity, int64_t max_quantity,
                                     Database* transaction = nullptr) = 0;
  /// Sets a line's quantity (0 removes it); false when unavailable.
  virtual bool set(const std::string& customer_id, const std::string& product_id, int64_t quantity,
                   Database* transaction = nullptr) = 0;
  /// Empties the cart; false when unavailable.
  virtual bool clear(const std::string& customer_id, Database* transaction = nullptr) = 0;
  /// Empties the cart inside the transaction open on `database`, so an
  /// order and the clearing of its cart commit together (and cost one
  /// commit); false when carts live elsewhere (Redis) and the caller clears
  /// them after its commit.
  virtual bool clear_in_transaction(Database& database, const std::string& customer_id) {
    (void)database;
    (void)customer_id;
    return false;
  }
  /// Carts that expired while holding items; nullopt when unavailable.
  virtual std::optional<int64_t> abandoned() = 0;
};

/// Carts as Redis hashes `cart:{customer}` with an expiry refreshed on every
/// change, and a sorted set `cart_expiry` (customer by expiry time) that
/// remembers expired carts for the abandonment count.
std::unique_ptr<CartStore> make_redis_cart_store(RedisClient& redis, std::string key_prefix,
                                                 std::chrono::seconds ttl);

/// Carts in the `carts` / `cart_items` tables.
std::unique_ptr<CartStore> make_database_cart_store(DatabasePool& pool, std::chrono::seconds ttl);

/// Seconds since the Unix epoch.
int64_t unix_now();

}  // namespace ecomflow
