#pragma once
/// Checkout: a cart becomes an order in one database transaction. Stock is
/// taken with conditional updates in product-id order (so two orders never
/// wait on each other's rows in opposite orders), all or nothing; prices
/// come from the database, never from the client; an idempotency key makes
/// a retried request return the order it already created.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "commerce/cart_store.hpp"
#include "commerce/product.hpp"
#include "core/money.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// What a checkout is asked to do.
struct PlaceOrderRequest {
  std::string customer_id;
  std::string payment_method = "card";
  std::string idempotency_key;  ///< empty = none
};

/// One line of an order, at the price the database held when it was placed.
struct OrderItem {
  std::string product_id;
  int64_t quantity = 0;
  Cents unit_price = 0;
};

/// An order with its items.
struct Order {
  int64_t order_id = 0;
  std::string customer_id;
  std::string status;
  std::string payment_method;
  Cents total = 0;
  std::string created_at;  ///< ISO-8601 UTC
  std::string idempotency_key;
  std::vector<OrderItem> items;
};

/// A cart line the stock cannot cover.
struct Shortage {
  std::string product_id;
  int64_t requested = 0;
  int64_t available = 0;
  bool unknown_product = false;
};

/// How a checkout ended.
enum class CheckoutOutcome {
  kCreated,   ///< a new order
  kReplayed,  ///< the idempotency key's earlier order, returned again
  kEmptyCart,
  kUnknownCustomer,
  kBadPaymentMethod,
  kOutOfStock,       ///< nothing written; `shortages` names every short line
  kKeyReused,        ///< the key belongs to another customer's order
  kCartUnavailable,  ///< the cart store (Redis) cannot be reached
};

/// A checkout's result.
struct PlaceOrderResult {
  CheckoutOutcome outcome = CheckoutOutcome::kCreated;
  Order order;                       ///< kCreated, kReplayed
  std::vector<Shortage> shortages;   ///< kOutOfStock
  std::vector<ShopProduct> changed;  ///< kCreated: the products as committed (for caches)
  bool cart_cleared = false;
  std::string detail;
};

/// Payment methods an order may carry.
const std::vector<std::string>& payment_methods();

/// Runs inside the checkout transaction just before it commits an order;
/// returns whether it emptied the customer's cart there.
using ClearCartInTransaction = std::function<bool(Database& database)>;

/// Runs the checkout transaction for `lines` (the customer's cart). Retries
/// a transaction the database aborted as a deadlock or serialisation
/// failure, so none reaches the caller. `clear_cart`, when given, empties
/// the cart in the same transaction (`cart_cleared` says whether it did).
/// With `inside_caller_transaction` the caller holds a transaction open on
/// `database`: the checkout runs under a savepoint in it (still all or
/// nothing: a short line takes back only the checkout's own writes) and the
/// caller commits the order with its work.
PlaceOrderResult checkout_transaction(Database& database, const PlaceOrderRequest& request,
                                      const std::vector<CartLine>& lines,
                                      const ClearCartInTransaction& clear_cart = {},
                                      bool inside_caller_transaction = false);

/// The order with this id, or nullopt.
std::optional<Order> read_order(Database& database, int64_t order_id);
/// The order created with this idempotency key, or nullopt.
std::optional<Order> read_order_by_key(Database& database, const std::string& idempotency_key);
/// A customer's orders, newest first.
std::vector<Order> read_customer_orders(Database& database, const std::string& customer_id, int64_t limit);

}  // namespace ecomflow
