/// Carts in the database (`carts`, `cart_items`), for the embedded default
/// without Redis: the same merge, limit and expiry rules as in Redis.

#include <functional>
#include <memory>
#include <optional>

#include "commerce/cart_store.hpp"
#include "commerce/product.hpp"

namespace ecomflow {
namespace {

class DatabaseCartStore final : public CartStore {
 public:
  DatabaseCartStore(DatabasePool& pool, std::chrono::seconds ttl) : pool_(pool), ttl_(ttl) {}

  std::optional<Cart> get(const std::string& customer_id, Database* transaction) override {
    std::optional<PooledDatabase> own;
    Database& database = borrow(transaction, own);
    const QueryResult result = database.query(
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
                             int64_t max_quantity, Database* transaction) override {
    std::optional<PooledDatabase> own;
    Database& database = borrow(transaction, own);
    // A refused add leaves the cart as it was, expiry included: its own
    // transaction rolls back, or inside the caller's a savepoint does.
    if (transaction)
      database.execute("SAVEPOINT cart_add");
    else
      database.begin();
    int64_t total = 0;
    try {
      touch(database, customer_id);
      const QueryResult result = database.query(
          "INSERT INTO cart_items (customer_id, product_id, quantity) VALUES ($1, $2, $3) "
          "ON CONFLICT (customer_id, product_id) DO UPDATE SET quantity = cart_items.quantity + "
          "excluded.quantity RETURNING quantity",
          {customer_id, product_id, std::to_string(quantity)});
      total = parse_integer(result.rows.at(0).at(0).value_or("0")).value_or(0);
    } catch (...) {
      undo(database, transaction);
      throw;
    }
    if (total > max_quantity) {
      undo(database, transaction);
      return -1;
    }
    if (transaction)
      database.execute("RELEASE cart_add");
    else
      database.commit();
    return total;
  }

  bool set(const std::string& customer_id, const std::string& product_id, int64_t quantity,
           Database* transaction) override {
    std::optional<PooledDatabase> own;
    Database& database = borrow(transaction, own);
    in_transaction(database, transaction, [&] {
      touch(database, customer_id);
      if (quantity > 0)
        database.query(
            "INSERT INTO cart_items (customer_id, product_id, quantity) VALUES ($1, $2, $3) "
            "ON CONFLICT (customer_id, product_id) DO UPDATE SET quantity = excluded.quantity",
            {customer_id, product_id, std::to_string(quantity)});
      else
        database.query("DELETE FROM cart_items WHERE customer_id = $1 AND product_id = $2",
                       {customer_id, product_id});
    });
    return true;
  }

  bool clear(const std::string& customer_id, Database* transaction) override {
    std::optional<PooledDatabase> own;
    Database& database = borrow(transaction, own);
    in_transaction(database, transaction, [&] { clear_in_transaction(database, customer_id); });
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
  /// The caller's transaction, or a connection of the pool held in `own`.
  Database& borrow(Database* transaction, std::optional<PooledDatabase>& own) {
    if (transaction) return *transaction;
    own.emplace(pool_.acquire());
    return **own;
  }

  /// Runs `body` in the caller's transaction, or in one of its own.
  static void in_transaction(Database& database, Database* transaction, const std::function<void()>& body) {
    if (transaction)
      body();
    else
      with_transaction(database, body);
  }

  /// Takes back an add: to its savepoint in the caller's transaction, else
  /// the whole of its own.
  static void undo(Database& database, Database* transaction) {
    if (transaction) {
      database.execute("ROLLBACK TO cart_add");
      database.execute("RELEASE cart_add");
    } else {
      database.rollback();
    }
  }

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
