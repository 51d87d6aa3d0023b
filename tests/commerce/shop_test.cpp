#include "commerce/shop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <fmt/format.h>

#include "commerce/shop_fixture.hpp"
#include "core/error.hpp"

namespace ecomflow {
namespace {

using testing::ShopTest;

std::string product_id(int i) { return fmt::format("p{:03d}", i); }

class CheckoutTest : public ShopTest {};

TEST_P(CheckoutTest, FiftyCheckoutsRaceForTheLastTenUnits) {
  add_product("p001", "19.99", 10);
  add_customers("r", 50);
  Shop shop(options(16));
  for (int i = 1; i <= 50; ++i)
    ASSERT_EQ(shop.add_to_cart(customer_name("r", i), "p001", 1).error, CartError::kNone);

  std::atomic<int> created{0}, short_of_stock{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 1; i <= 50; ++i)
    threads.emplace_back([&, i] {
      const PlaceOrderResult result = shop.place_order({.customer_id = customer_name("r", i)});
      if (result.outcome == CheckoutOutcome::kCreated)
        ++created;
      else if (result.outcome == CheckoutOutcome::kOutOfStock && result.shortages.size() == 1 &&
               result.shortages[0].available == 0)
        ++short_of_stock;
      else
        ++other;
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created, 10);
  EXPECT_EQ(short_of_stock, 40);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 10);
  EXPECT_EQ(scalar("SELECT COALESCE(SUM(quantity), 0) FROM order_items"), 10);
  EXPECT_EQ(scalar("SELECT COALESCE(SUM(total_cents), 0) FROM orders"), 10 * 1999);
}

TEST_P(CheckoutTest, OppositeItemOrdersNeverDeadlockForTheClient) {
  const std::vector<std::string> products{"p001", "p002", "p003", "p004", "p005"};
  for (const auto& id : products) add_product(id, "5.00", 1000);
  add_customers("d", 24);
  Shop shop(options(12));
  // Half the carts add the products forwards, half backwards.
  for (int i = 1; i <= 24; ++i)
    for (size_t j = 0; j < products.size(); ++j)
      ASSERT_EQ(
          shop.add_to_cart(customer_name("d", i), products[i % 2 ? j : products.size() - 1 - j], 2).error,
          CartError::kNone);
  std::atomic<int> created{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 1; i <= 24; ++i)
    threads.emplace_back([&, i] {
      try {
        if (shop.place_order({.customer_id = customer_name("d", i)}).outcome == CheckoutOutcome::kCreated)
          ++created;
      } catch (const std::exception& error) {
        ADD_FAILURE() << error.what();
        ++failed;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(created, 24);
  for (const auto& id : products)
    EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = '" + id + "'"), 1000 - 24 * 2) << id;
}

TEST_P(CheckoutTest, ARetriedKeyReturnsTheSameOrder) {
  add_product("p001", "10.00", 100);
  Shop shop(options());
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 3).error, CartError::kNone);
  const PlaceOrderResult first = shop.place_order({.customer_id = "c001", .idempotency_key = "k-1"});
  ASSERT_EQ(first.outcome, CheckoutOutcome::kCreated);
  EXPECT_TRUE(first.cart_cleared);
  // The client lost the answer and adds more before retrying: the retry
  // returns the first order and leaves the new cart alone.
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 1).error, CartError::kNone);
  const PlaceOrderResult retry = shop.place_order({.customer_id = "c001", .idempotency_key = "k-1"});
  EXPECT_EQ(retry.outcome, CheckoutOutcome::kReplayed);
  EXPECT_EQ(retry.order.order_id, first.order.order_id);
  EXPECT_EQ(retry.order.total, 3000);
  EXPECT_EQ(shop.cart("c001").cart.items.size(), 1u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 1);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 97);
  // Another customer cannot reuse the key.
  ASSERT_EQ(shop.add_to_cart("c002", "p001", 1).error, CartError::kNone);
  EXPECT_EQ(shop.place_order({.customer_id = "c002", .idempotency_key = "k-1"}).outcome,
            CheckoutOutcome::kKeyReused);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 1);
}

TEST_P(CheckoutTest, ConcurrentRetriesWithOneKeyMakeOneOrder) {
  add_product("p001", "10.00", 100);
  Shop shop(options(8));
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 2).error, CartError::kNone);
  std::vector<std::thread> threads;
  std::vector<int64_t> ids(8, -1);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      const PlaceOrderResult result = shop.place_order({.customer_id = "c001", .idempotency_key = "same"});
      if (result.outcome == CheckoutOutcome::kCreated || result.outcome == CheckoutOutcome::kReplayed)
        ids[i] = result.order.order_id;
    });
  for (auto& thread : threads) thread.join();
  // Those that read the cart after it was cleared find it empty; every
  // other one gets the one order.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 1);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 98);
  const int64_t order_id = scalar("SELECT order_id FROM orders");
  for (int64_t id : ids)
    if (id != -1) {
      EXPECT_EQ(id, order_id);
    }
}

TEST_P(CheckoutTest, ShortStockNamesEveryShortItemAndWritesNothing) {
  add_product("p001", "10.00", 5);
  add_product("p002", "20.00", 1);
  add_product("p003", "30.00", 0);
  Shop shop(options());
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 2).error, CartError::kNone);
  ASSERT_EQ(shop.add_to_cart("c001", "p002", 3).error, CartError::kNone);
  ASSERT_EQ(shop.add_to_cart("c001", "p003", 1).error, CartError::kNone);
  const PlaceOrderResult result = shop.place_order({.customer_id = "c001"});
  ASSERT_EQ(result.outcome, CheckoutOutcome::kOutOfStock);
  ASSERT_EQ(result.shortages.size(), 2u);
  EXPECT_EQ(result.shortages[0].product_id, "p002");
  EXPECT_EQ(result.shortages[0].available, 1);
  EXPECT_EQ(result.shortages[1].product_id, "p003");
  EXPECT_EQ(result.shortages[1].available, 0);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 5);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 0);
  EXPECT_EQ(shop.cart("c001").cart.items.size(), 3u);  // the cart stays for the customer to fix
}

TEST_P(CheckoutTest, OrderAndClearedCartCommitTogether) {
  if (with_redis()) GTEST_SKIP() << "carts in Redis are cleared after the commit";
  add_product("p001", "10.00", 5);
  Shop shop(options());
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 2).error, CartError::kNone);
  // A cart that cannot be emptied must leave no order behind it.
  if (db().backend() == "sqlite")
    db().execute(
        "CREATE TRIGGER keep_cart BEFORE DELETE ON cart_items BEGIN SELECT RAISE(ABORT, 'cart kept'); END");
  else
    db().execute(
        "CREATE FUNCTION keep_cart() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
        "'cart kept'; END $$; CREATE TRIGGER keep_cart BEFORE DELETE ON cart_items FOR EACH ROW EXECUTE "
        "FUNCTION keep_cart()");
  EXPECT_THROW(shop.place_order({.customer_id = "c001"}), UserError);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 0);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 5);
  db().execute("DROP TRIGGER keep_cart" + std::string(db().backend() == "sqlite" ? "" : " ON cart_items"));
  const PlaceOrderResult placed = shop.place_order({.customer_id = "c001"});
  ASSERT_EQ(placed.outcome, CheckoutOutcome::kCreated);
  EXPECT_TRUE(placed.cart_cleared);
  EXPECT_TRUE(shop.cart("c001").cart.items.empty());
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 3);
}

TEST_P(CheckoutTest, PricesComeFromTheDatabaseAtCheckout) {
  add_product("p001", "24.50", 10);
  Shop shop(options());
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 2).error, CartError::kNone);
  // The price changes after the product was added (and cached).
  ASSERT_EQ(shop.product("p001")->price, 2450);
  db().execute("UPDATE products SET price = 19.99, version = version + 1 WHERE product_id = 'p001'");
  const PlaceOrderResult result = shop.place_order({.customer_id = "c001", .payment_method = "paypal"});
  ASSERT_EQ(result.outcome, CheckoutOutcome::kCreated);
  EXPECT_EQ(result.order.items.at(0).unit_price, 1999);
  EXPECT_EQ(result.order.total, 3998);
  EXPECT_EQ(scalar("SELECT total_cents FROM orders"), 3998);
  EXPECT_EQ(scalar("SELECT unit_price_cents FROM order_items"), 1999);
  const std::optional<Order> stored = shop.order(result.order.order_id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->payment_method, "paypal");
  EXPECT_EQ(stored->status, "placed");
}

TEST_P(CheckoutTest, TopProductsAndProductCacheEqualSqlAfterEveryOrder) {
  for (int i = 1; i <= 6; ++i) add_product(product_id(i), std::to_string(i) + ".00", 1000);
  Shop shop(options());
  Shop other(options());  // a second process on the same database (and Redis)
  std::mt19937 random(7);
  for (int round = 0; round < 30; ++round) {
    Shop& placing = round % 3 == 2 ? other : shop;
    const std::string customer = round % 2 ? "c001" : "c002";
    for (int line = 0; line < 1 + int(random() % 3); ++line)
      ASSERT_EQ(placing.add_to_cart(customer, product_id(1 + int(random() % 6)), 1 + random() % 4).error,
                CartError::kNone);
    const PlaceOrderResult placed = placing.place_order({.customer_id = customer});
    ASSERT_EQ(placed.outcome, CheckoutOutcome::kCreated);
    EXPECT_EQ(shop.top_products(3), top_products_from_sql(db(), 3)) << "round " << round;
    EXPECT_EQ(shop.top_products(100), top_products_from_sql(db(), 100)) << "round " << round;
    EXPECT_EQ(other.top_products(100), top_products_from_sql(db(), 100)) << "round " << round;
    // The Redis cache is shared by both processes; an in-process one is
    // written through by the process that placed the order.
    if (with_redis()) {
      for (int i = 1; i <= 6; ++i) {
        const std::string id = product_id(i);
        EXPECT_EQ(shop.product(id)->stock, find_product(db(), id)->stock) << id << " round " << round;
        EXPECT_EQ(other.product(id)->stock, find_product(db(), id)->stock) << id << " round " << round;
      }
    } else {
      for (const OrderItem& item : placed.order.items)
        EXPECT_EQ(placing.product(item.product_id)->stock, find_product(db(), item.product_id)->stock)
            << item.product_id << " round " << round;
    }
  }
}

TEST_P(CheckoutTest, RefusesWhatIsNotAnOrder) {
  add_product("p001", "1.00", 10);
  Shop shop(options());
  EXPECT_EQ(shop.place_order({.customer_id = "c001"}).outcome, CheckoutOutcome::kEmptyCart);
  ASSERT_EQ(shop.add_to_cart("nobody", "p001", 1).error, CartError::kNone);
  EXPECT_EQ(shop.place_order({.customer_id = "nobody"}).outcome, CheckoutOutcome::kUnknownCustomer);
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 1).error, CartError::kNone);
  EXPECT_EQ(shop.place_order({.customer_id = "c001", .payment_method = "iou"}).outcome,
            CheckoutOutcome::kBadPaymentMethod);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 0);
  EXPECT_EQ(scalar("SELECT stock FROM products WHERE product_id = 'p001'"), 10);
}

ECOMFLOW_ON_EVERY_SHOP_SETUP(CheckoutTest);

class CartTest : public ShopTest {};

TEST_P(CartTest, AddsMergeSetsReplaceZeroRemoves) {
  add_product("p001", "3.00", 10);
  add_product("p002", "4.00", 10);
  Shop shop(options());
  EXPECT_TRUE(shop.cart("c001").cart.items.empty());
  ASSERT_EQ(shop.add_to_cart("c001", "p002", 2).error, CartError::kNone);
  const CartResult merged = shop.add_to_cart("c001", "p002", 3);
  ASSERT_EQ(merged.error, CartError::kNone);
  ASSERT_EQ(merged.cart.items.size(), 1u);
  EXPECT_EQ(merged.cart.items[0].quantity, 5);
  EXPECT_GT(merged.cart.expires_at, unix_now());
  ASSERT_EQ(shop.set_cart_quantity("c001", "p001", 7).error, CartError::kNone);
  const CartResult set = shop.set_cart_quantity("c001", "p002", 1);
  ASSERT_EQ(set.cart.items.size(), 2u);
  EXPECT_EQ(set.cart.items[0], (CartLine{"p001", 7}));
  EXPECT_EQ(set.cart.items[1], (CartLine{"p002", 1}));
  EXPECT_EQ(shop.set_cart_quantity("c001", "p001", 0).cart.items.size(), 1u);
  EXPECT_TRUE(shop.clear_cart("c001").cart.items.empty());
}

TEST_P(CartTest, RefusesUnknownProductsAndBadQuantities) {
  add_product("p001", "3.00", 10);
  Shop shop(options());
  EXPECT_EQ(shop.add_to_cart("c001", "nope", 1).error, CartError::kUnknownProduct);
  EXPECT_EQ(shop.add_to_cart("c001", "p001", 0).error, CartError::kBadQuantity);
  EXPECT_EQ(shop.add_to_cart("c001", "p001", -2).error, CartError::kBadQuantity);
  EXPECT_EQ(shop.set_cart_quantity("c001", "p001", -1).error, CartError::kBadQuantity);
  EXPECT_EQ(shop.add_to_cart("c001", "p001", 10'001).error, CartError::kBadQuantity);
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 9'000).error, CartError::kNone);
  // Merging past the limit is refused and leaves the line as it was.
  EXPECT_EQ(shop.add_to_cart("c001", "p001", 2'000).error, CartError::kBadQuantity);
  EXPECT_EQ(shop.cart("c001").cart.items.at(0).quantity, 9'000);
}

TEST_P(CartTest, AnExpiredCartIsEmptyAndCountsAsAbandoned) {
  add_product("p001", "3.00", 10);
  ShopOptions short_lived = options();
  short_lived.cart_ttl = std::chrono::seconds(1);
  Shop shop(short_lived);
  ASSERT_EQ(shop.add_to_cart("c001", "p001", 1).error, CartError::kNone);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_TRUE(shop.cart("c001").cart.items.empty());
  EXPECT_EQ(shop.place_order({.customer_id = "c001"}).outcome, CheckoutOutcome::kEmptyCart);
  EXPECT_EQ(shop.abandoned_carts().value_or(-1), 1);
}

ECOMFLOW_ON_EVERY_SHOP_SETUP(CartTest);

}  // namespace
}  // namespace ecomflow
