/// Carts in the database (`carts`, `cart_items`), for the embedded default
/// without Redis: the same merge, limit and expiry rules as in Redis.

#include <memory>

#include "commerce/cart_store.hpp"
#include "commerce/product.hpp"

namespace ecomflow {
namespace {

class DatabaseCartStore final : public CartStore {
 public:
  DatabaseCartStore(DatabasePool& pool, std::chrono::seconds ttl) : pool_(pool), ttl_(ttl) {}

  std::optional<Cart> get(const std::string& customer_id) override {
    PooledDatabase database = pool_.acquire();
    const QueryResult result = database->query(
        "SELECT i.product_id, i.quantity, c.expires_at FROM carts c JOIN cart_items i ON i.customer_id = "
        "c.customer_id WHERE c.customer_id = $1 AND c.expires_at > $2 ORDER BY i.product_id",
        {customer_id, std::to_string(unix_now())});
    Cart cart{.customer_id = customer_id};
    for (const auto& row : result.rows) {
      cart.items.push_back({row[0].value_or(""), parse_integer(row[1].value_or("0")).value_or(0)});
      cart.expires_at = parse_integer(row[2].value_or("0")).value_or(0);
    }
    return cart;
  }

  std::optional<int64_t> add(const std::string& customer_id, const std::string& product_id, int64_t quantity,
                             int64_t max_quantity) override {
    PooledDatabase database = pool_.acquire();
    int64_t total = 0;
    database->begin();
    try {
      touch(*database, customer_id);
      const QueryResult result = database->query(
          "INSERT INTO cart_items (customer_id, product_id, quantity) VALUES ($1, $2, $3) "
          "ON CONFLICT (customer_id, product_id) DO UPDATE SET quantity = cart_items.quantity + "
          "excluded.quantity RETURNING quantity",
          {customer_id, product_id, std::to_string(quantity)});
      total = parse_integer(result.rows.at(0).at(0).value_or("0")).value_or(0);
      if (total > max_quantity) {
        database->rollback();
        return -1;
      }
      database->commit();
    } catch (...) {
      database->rollback();
      throw;
    }
    return total;
  }

  bool set(const std::string& customer_id, const std::string& product_id, int64_t quantity) override {
    PooledDatabase database = pool_.acquire();
    with_transaction(*database, [&] {
      touch(*database, customer_id);
      if (quantity > 0)
        database->query(
            "INSERT INTO cart_items (customer_id, product_id, quantity) VALUES ($1, $2, $3) "
            "ON CONFLICT (customer_id, product_id) DO UPDATE SET quantity = excluded.quantity",
            {customer_id, product_id, std::to_string(quantity)});
      else
        database->query("DELETE FROM cart_items WHERE customer_id = $1 AND product_id = $2",
                        {customer_id, product_id});
    });
    return true;
  }

  bool clear(const std::string& customer_id) override {
    PooledDatabase database = pool_.acquire();
    with_transaction(*database, [&] { clear_in_transaction(*database, customer_id); });
    return true;
  }

  bool clear_in_transaction(Database& database, const std::string& customer_id) override {
    database.query("DELETE FROM cart_items WHERE customer_id = $1", {customer_id});
    database.query("DELETE FROM carts WHERE customer_id = $1", {customer_id});
    return true;
  }

  std::optional<int64_t> abandoned() override {
    PooledDatabase database = pool_.acquire();
    const QueryResult result = database->query(
        "SELECT COUNT(*) FROM carts c WHERE c.expires_at <= $1 AND EXISTS "
        "(SELECT 1 FROM cart_items i WHERE i.customer_id = c.customer_id)",
        {std::to_string(unix_now())});
    return parse_integer(result.rows.at(0).at(0).value_or("0")).value_or(0);
  }

 private:
  /// Refreshes the cart's expiry; an expired cart's items are gone, as an
  /// expired Redis key's would be.
  void touch(Database& database, const std::string& customer_id) {
    const std::string now = std::to_string(unix_now());
    database.query(
        "DELETE FROM cart_items WHERE customer_id = $1 AND EXISTS "
        "(SELECT 1 FROM carts WHERE customer_id = $1 AND expires_at <= $2)",
        {customer_id, now});
    database.query(
        "INSERT INTO carts (customer_id, expires_at) VALUES ($1, $2) "
        "ON CONFLICT (customer_id) DO UPDATE SET expires_at = excluded.expires_at",
        {customer_id, std::to_string(unix_now() + ttl_.count())});
  }

  DatabasePool& pool_;
  const std::chrono::seconds ttl_;
};

}  // namespace

std::unique_ptr<CartStore> make_database_cart_store(DatabasePool& pool, std::chrono::seconds ttl) {
  return std::make_unique<DatabaseCartStore>(pool, ttl);
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace ecomflow
