/// A ShopBatch groups cart changes into shared transactions; an order
/// placed in it is still committed before place_order returns, all or
/// nothing, and a crash or an abandoned batch loses only cart changes.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commerce/shop.hpp"
#include "commerce/shop_fixture.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

class ShopBatchTest : public testing::ShopTest {
 protected:
  /// The cart of `customer` as another connection (another process) sees it.
  std::vector<CartLine> committed_cart(const std::string& customer) {
    Shop reader(options());
    return reader.cart(customer).cart.items;
  }
};

TEST_P(ShopBatchTest, AnOrderIsCommittedWhenPlaceOrderReturnsAndLaterChangesDieWithTheBatch) {
  add_product("p001", "10.00", 5);
  add_product("p002", "20.00", 5);
  Shop shop(options());
  {
    ShopBatch batch(shop, 1000);
    ASSERT_EQ(batch.add_to_cart("c001", "p001", 2).error, CartError::kNone);
    const PlaceOrderResult placed = batch.place_order({.customer_id = "c001", .idempotency_key = "k1"});
    ASSERT_EQ(placed.outcome, CheckoutOutcome::kCreated);
    EXPECT_TRUE(placed.cart_cleared);
    // Seen from another connection before the batch ends: the order, the stock, the emptied cart.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders WHERE idempotency_key = 'k1'"), 1);
    EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 3);
    ASSERT_EQ(batch.add_to_cart("c001", "p002", 1).error, CartError::kNone);
    EXPECT_EQ(batch.cart("c001").cart.items, (std::vector<CartLine>{{"p002", 1}}));
  }  // destroyed without commit(), as when the simulation throws
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 1);
  EXPECT_EQ(scalar("SELECT total_cents FROM orders"), 2000);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 3);
  // Carts in the database lost the uncommitted add; Redis carts commit each change.
  const std::vector<CartLine> expected =
      with_redis() ? std::vector<CartLine>{{"p002", 1}} : std::vector<CartLine>{};
  EXPECT_EQ(committed_cart("c001"), expected);
}

TEST_P(ShopBatchTest, AShortCheckoutTakesBackOnlyItselfAndTheBatchGoesOn) {
  add_product("p001", "10.00", 1);
  add_product("p002", "20.00", 5);
  Shop shop(options());
  ShopBatch batch(shop, 1000);
  ASSERT_EQ(batch.add_to_cart("c001", "p001", 2).error, CartError::kNone);
  ASSERT_EQ(batch.add_to_cart("c001", "p002", 1).error, CartError::kNone);
  const PlaceOrderResult short_order = batch.place_order({.customer_id = "c001", .idempotency_key = "k1"});
  ASSERT_EQ(short_order.outcome, CheckoutOutcome::kOutOfStock);
  ASSERT_EQ(short_order.shortages.size(), 1u);
  EXPECT_EQ(short_order.shortages[0].available, 1);
  // Nothing of the checkout stays: no order row, no stock taken, the cart as it was.
  EXPECT_EQ(batch.cart("c001").cart.items, (std::vector<CartLine>{{"p001", 2}, {"p002", 1}}));
  ASSERT_EQ(batch.set_cart_quantity("c001", "p001", 1).error, CartError::kNone);
  const PlaceOrderResult placed = batch.place_order({.customer_id = "c001", .idempotency_key = "k2"});
  ASSERT_EQ(placed.outcome, CheckoutOutcome::kCreated);
  batch.commit();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders WHERE idempotency_key = 'k1'"), 0);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 0);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p002'"), 4);
  EXPECT_TRUE(committed_cart("c001").empty());
}

TEST_P(ShopBatchTest, ARefusedAddLeavesTheBatchsCartAsItWas) {
  add_product("p001", "10.00", 5);
  ShopOptions limited = options();
  limited.max_quantity = 3;
  Shop shop(limited);
  ShopBatch batch(shop, 1000);
  ASSERT_EQ(batch.add_to_cart("c001", "p001", 2).error, CartError::kNone);
  EXPECT_EQ(batch.add_to_cart("c001", "p001", 2).error, CartError::kBadQuantity);
  EXPECT_EQ(batch.cart("c001").cart.items, (std::vector<CartLine>{{"p001", 2}}));
  batch.commit();
  EXPECT_EQ(committed_cart("c001"), (std::vector<CartLine>{{"p001", 2}}));
}

ECOMFLOW_ON_EVERY_SHOP_SETUP(ShopBatchTest);

/// A process that dies inside a batch (no commit, no destructor) leaves
/// the orders it was told were placed, and none of the cart changes after.
TEST(ShopBatchCrashTest, AKilledProcessKeepsEveryOrderItPlaced) {
  testing::ScratchDatabase scratch("sqlite");
  migrate(*scratch.database);
  scratch.database->execute(
      "INSERT INTO customers (customer_id, join_date, segment) VALUES ('c001', '2024-01-01', 'VIP');"
      "INSERT INTO products (product_id, product_name, category, price, stock) VALUES "
      "('p001', 'One', 'Books', '10.00', 5), ('p002', 'Two', 'Books', '20.00', 5)");
  scratch.database.reset();  // no SQLite connection crosses the fork
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Shop shop(ShopOptions{.database_url = scratch.url});
    ShopBatch batch(shop, 1000);
    batch.add_to_cart("c001", "p001", 2);
    batch.add_to_cart("c001", "p002", 1);
    const bool placed = batch.place_order({.customer_id = "c001", .idempotency_key = "k1"}).outcome ==
                        CheckoutOutcome::kCreated;
    batch.add_to_cart("c001", "p002", 3);
    _exit(placed ? 0 : 1);  // dies with the add above uncommitted
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  scratch.database = Database::open(scratch.url);
  Database& database = *scratch.database;
  EXPECT_EQ(database.query("SELECT total_cents FROM orders WHERE idempotency_key = 'k1'").rows.at(0).at(0),
            "4000");
  EXPECT_EQ(database.query("SELECT COUNT(*) FROM order_items").rows.at(0).at(0), "2");
  EXPECT_EQ(database.query("SELECT stock FROM products ORDER BY product_id").rows,
            (std::vector<std::vector<std::optional<std::string>>>{{"3"}, {"4"}}));
  EXPECT_EQ(database.query("SELECT COUNT(*) FROM cart_items").rows.at(0).at(0), "0");
}

}  // namespace
}  // namespace ecomflow
