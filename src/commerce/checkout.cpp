#include "commerce/checkout.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "core/error.hpp"
#include "core/order_export.hpp"
#include "core/time.hpp"

namespace ecomflow {
namespace {

/// A transaction the database aborted to break a deadlock or a
/// serialisation conflict is safe to run again.
constexpr int kMaxAttempts = 5;

bool retriable(const std::string& message) {
  return message.find("deadlock detected") != std::string::npos ||
         message.find("could not serialize") != std::string::npos ||
         message.find("database is locked") != std::string::npos;
}

std::string created_at_sql(const std::string& backend) {
  return backend == "postgresql" ? "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                                 : "created_at";
}

std::optional<Order> read_order_where(Database& database, const std::string& condition,
                                      const std::string& value) {
  const QueryResult head = database.query(
      fmt::format("SELECT order_id, customer_id, status, payment_method, total_cents, {}, idempotency_key "
                  "FROM orders WHERE {} = $1",
                  created_at_sql(database.backend()), condition),
      {value});
  if (head.rows.empty()) return std::nullopt;
  const auto& row = head.rows[0];
  Order order{.order_id = parse_integer(row[0].value_or("0")).value_or(0),
              .customer_id = row[1].value_or(""),
              .status = row[2].value_or(""),
              .payment_method = row[3].value_or(""),
              .total = parse_integer(row[4].value_or("0")).value_or(0),
              .created_at = row[5].value_or(""),
              .idempotency_key = row[6].value_or("")};
  const QueryResult items = database.query(
      "SELECT product_id, quantity, unit_price_cents FROM order_items WHERE order_id = $1 ORDER BY "
      "product_id",
      {std::to_string(order.order_id)});
  for (const auto& item : items.rows)
    order.items.push_back({item[0].value_or(""), parse_integer(item[1].value_or("0")).value_or(0),
                           parse_integer(item[2].value_or("0")).value_or(0)});
  return order;
}

/// The earlier order of a key, or kKeyReused when it is another customer's.
PlaceOrderResult replay(Database& database, const PlaceOrderRequest& request) {
  PlaceOrderResult result;
  std::optional<Order> earlier = read_order_by_key(database, request.idempotency_key);
  ECOMFLOW_CHECK(earlier.has_value());
  if (earlier->customer_id != request.customer_id) {
    result.outcome = CheckoutOutcome::kKeyReused;
    result.detail = "this Idempotency-Key was already used for another customer's order";
    return result;
  }
  result.outcome = CheckoutOutcome::kReplayed;
  result.order = std::move(*earlier);
  return result;
}

/// The checkout's own transaction, or a savepoint inside the caller's.
class CheckoutScope {
 public:
  CheckoutScope(Database& database, bool nested) : database_(database), nested_(nested) {}
  void begin() {
    nested_ ? database_.execute("SAVEPOINT checkout") : database_.begin();
    open_ = true;
  }
  void commit() {
    nested_ ? database_.execute("RELEASE checkout") : database_.commit();
    open_ = false;
  }
  /// Takes back what the checkout wrote; a no-op once it ended.
  void rollback() {
    if (!std::exchange(open_, false)) return;
    if (!nested_) return database_.rollback();
    database_.execute("ROLLBACK TO checkout");
    database_.execute("RELEASE checkout");
  }

 private:
  Database& database_;
  const bool nested_;
  bool open_ = false;
};

/// One attempt; throws what the database throws.
PlaceOrderResult attempt(Database& database, const PlaceOrderRequest& request, std::vector<CartLine> lines,
                         const ClearCartInTransaction& clear_cart, bool nested) {
  CheckoutScope scope(database, nested);
  PlaceOrderResult result;
  const std::optional<std::string> key =
      request.idempotency_key.empty() ? std::nullopt : std::optional(request.idempotency_key);
  if (key && read_order_by_key(database, *key)) return replay(database, request);
  if (lines.empty()) {
    result.outcome = CheckoutOutcome::kEmptyCart;
    result.detail = fmt::format("the cart of customer '{}' is empty", request.customer_id);
    return result;
  }
  if (database.query("SELECT 1 FROM customers WHERE customer_id = $1", {request.customer_id}).rows.empty()) {
    result.outcome = CheckoutOutcome::kUnknownCustomer;
    result.detail = fmt::format("no customer '{}'", request.customer_id);
    return result;
  }
  // Rows are locked in product-id order by every checkout, so two orders
  // for the same products never wait on each other in a cycle.
  std::sort(lines.begin(), lines.end(),
            [](const CartLine& a, const CartLine& b) { return a.product_id < b.product_id; });

  const std::string created_at = format_timestamp(now_utc() / 1'000'000 * 1'000'000);
  scope.begin();
  try {
    // The order row comes first: a concurrent request with the same key
    // waits here on the unique index, then finds the key taken.
    const QueryResult inserted = database.query(
        "INSERT INTO orders (customer_id, status, payment_method, total_cents, created_at, idempotency_key) "
        "VALUES ($1, 'placed', $2, 0, $3, $4) ON CONFLICT (idempotency_key) DO NOTHING RETURNING order_id",
        {request.customer_id, request.payment_method, created_at, key});
    if (inserted.rows.empty()) {
      scope.rollback();
      return replay(database, request);
    }
    const int64_t order_id = parse_integer(inserted.rows[0][0].value_or("0")).value_or(0);
    const std::string take_stock = fmt::format(
        "UPDATE products SET stock = stock - $2, version = version + 1 WHERE product_id = $1 AND stock >= $2 "
        "RETURNING {}",
        product_columns_sql(database.backend()));
    Cents total = 0;
    for (const CartLine& line : lines) {
      if (result.shortages.empty()) {
        const QueryResult taken =
            database.query(take_stock, {line.product_id, std::to_string(line.quantity)});
        if (!taken.rows.empty()) {
          ShopProduct product = product_from_row(taken.rows[0]);
          total += product.price * line.quantity;
          result.order.items.push_back({line.product_id, line.quantity, product.price});
          result.changed.push_back(std::move(product));
          continue;
        }
      }
      // Short (or after a short line: only looked at, so the answer names
      // every line that cannot be served).
      const QueryResult stock =
          database.query("SELECT stock FROM products WHERE product_id = $1", {line.product_id});
      const int64_t available =
          stock.rows.empty() ? 0 : parse_integer(stock.rows[0][0].value_or("0")).value_or(0);
      if (stock.rows.empty() || available < line.quantity)
        result.shortages.push_back({line.product_id, line.quantity, available, stock.rows.empty()});
    }
    if (!result.shortages.empty()) {
      scope.rollback();
      result.outcome = CheckoutOutcome::kOutOfStock;
      result.detail = "not enough stock for every item in the cart; nothing was ordered";
      result.order.items.clear();
      result.changed.clear();
      return result;
    }
    for (const OrderItem& item : result.order.items)
      database.query(
          "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, $3, "
          "$4)",
          {std::to_string(order_id), item.product_id, std::to_string(item.quantity),
           std::to_string(item.unit_price)});
    database.query("UPDATE orders SET total_cents = $2 WHERE order_id = $1",
                   {std::to_string(order_id), std::to_string(total)});
    result.cart_cleared = clear_cart && clear_cart(database);
    scope.commit();
    result.outcome = CheckoutOutcome::kCreated;
    result.order.order_id = order_id;
    result.order.customer_id = request.customer_id;
    result.order.status = "placed";
    result.order.payment_method = request.payment_method;
    result.order.total = total;
    result.order.created_at = created_at;
    result.order.idempotency_key = request.idempotency_key;
    return result;
  } catch (...) {
    scope.rollback();
    throw;
  }
}

}  // namespace

const std::vector<std::string>& payment_methods() {
  static const std::vector<std::string> methods(kPaymentMethods.begin(), kPaymentMethods.end());
  return methods;
}

PlaceOrderResult checkout_transaction(Database& database, const PlaceOrderRequest& request,
                                      const std::vector<CartLine>& lines,
                                      const ClearCartInTransaction& clear_cart,
                                      bool inside_caller_transaction) {
  const auto& methods = payment_methods();
  if (std::find(methods.begin(), methods.end(), request.payment_method) == methods.end()) {
    PlaceOrderResult result;
    result.outcome = CheckoutOutcome::kBadPaymentMethod;
    result.detail = fmt::format("payment method '{}' is not one of: {}", request.payment_method,
                                fmt::join(methods, ", "));
    return result;
  }
  for (int attempt_number = 1;; ++attempt_number) {
    try {
      return attempt(database, request, lines, clear_cart, inside_caller_transaction);
    } catch (const UserError& error) {
      if (attempt_number == kMaxAttempts || !retriable(error.what())) throw;
      spdlog::debug("checkout for {} retried after: {}", request.customer_id, error.what());
    }
  }
}

std::optional<Order> read_order(Database& database, int64_t order_id) {
  return read_order_where(database, "order_id", std::to_string(order_id));
}

std::optional<Order> read_order_by_key(Database& database, const std::string& idempotency_key) {
  return read_order_where(database, "idempotency_key", idempotency_key);
}

std::vector<Order> read_customer_orders(Database& database, const std::string& customer_id, int64_t limit) {
  const QueryResult ids = database.query(
      "SELECT order_id FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, order_id DESC LIMIT $2",
      {customer_id, std::to_string(limit)});
  std::vector<Order> orders;
  for (const auto& row : ids.rows)
    if (auto order = read_order(database, parse_integer(row[0].value_or("0")).value_or(0)))
      orders.push_back(std::move(*order));
  return orders;
}

}  // namespace ecomflow
