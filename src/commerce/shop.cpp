#include "commerce/shop.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace ecomflow {
Shop::Shop(ShopOptions options)
    : options_(std::move(options)), pool_(options_.database_url, options_.database_connections) {
  if (!options_.redis_url.empty()) {
    redis_ = std::make_unique<RedisClient>(options_.redis_url);
    carts_ = make_redis_cart_store(*redis_, options_.redis_key_prefix, options_.cart_ttl);
    product_cache_ = make_redis_product_cache(*redis_, options_.redis_key_prefix, options_.product_cache_ttl);
    top_products_ = make_redis_top_products(*redis_, options_.redis_key_prefix);
    if (!redis_->command({"PING"}))
      spdlog::warn(
          "Redis at {} is not reachable: products and best sellers come from the database, carts "
          "are unavailable until it is back",
          redis_->display_name());
  } else {
    carts_ = make_database_cart_store(pool_, options_.cart_ttl);
    product_cache_ = make_memory_product_cache(options_.product_cache_ttl);
    top_products_ = make_memory_top_products();
  }
}

Shop::~Shop() = default;

std::optional<ShopProduct> Shop::product(const std::string& product_id) {
  return product(product_id, nullptr);
}

std::optional<ShopProduct> Shop::product(const std::string& product_id, ShopBatch* batch) {
  if (auto cached = product_cache_->get(product_id)) {
    ++cache_hits_;
    return cached;
  }
  ++cache_misses_;
  std::optional<ShopProduct> product;
  if (Database* held = batch ? batch->connection() : nullptr) {
    product = find_product(*held, product_id);  // a batch never borrows a second connection
  } else {
    PooledDatabase database = pool_.acquire();
    product = find_product(*database, product_id);
  }
  if (product) product_cache_->put(*product);
  return product;
}

std::vector<ShopProduct> Shop::products(const ProductFilter& filter) {
  PooledDatabase database = pool_.acquire();
  return list_products(*database, filter);
}

CartError Shop::check_item(const std::string& product_id, int64_t quantity, bool allow_zero,
                           ShopBatch* batch) {
  if (quantity < (allow_zero ? 0 : 1) || quantity > options_.max_quantity) return CartError::kBadQuantity;
  if (!product(product_id, batch)) return CartError::kUnknownProduct;
  return CartError::kNone;
}

namespace {

CartResult refused(CartError error, std::string detail) {
  return CartResult{.error = error, .detail = std::move(detail)};
}

CartResult unavailable(const std::string& customer_id) {
  return refused(
      CartError::kUnavailable,
      fmt::format("the cart store (Redis) cannot be reached; the cart of '{}' is unchanged", customer_id));
}

}  // namespace

CartResult Shop::cart(const std::string& customer_id) { return cart(customer_id, nullptr); }

CartResult Shop::cart(const std::string& customer_id, ShopBatch* batch) {
  std::optional<Cart> cart = carts_->get(customer_id, batch ? batch->connection() : nullptr);
  if (!cart) return unavailable(customer_id);
  return CartResult{.cart = std::move(*cart)};
}

CartResult Shop::add_to_cart(const std::string& customer_id, const std::string& product_id,
                             int64_t quantity) {
  return add_to_cart(customer_id, product_id, quantity, nullptr);
}

CartResult Shop::add_to_cart(const std::string& customer_id, const std::string& product_id, int64_t quantity,
                             ShopBatch* batch) {
  const CartError error = check_item(product_id, quantity, false, batch);
  if (error == CartError::kBadQuantity)
    return refused(error, fmt::format("quantity must be between 1 and {}", options_.max_quantity));
  if (error == CartError::kUnknownProduct) return refused(error, fmt::format("no product '{}'", product_id));
  const std::optional<int64_t> total =
      carts_->add(customer_id, product_id, quantity, options_.max_quantity, transaction_of(batch));
  if (!total) return unavailable(customer_id);
  if (*total < 0)
    return refused(CartError::kBadQuantity,
                   fmt::format("a cart holds at most {} of one product", options_.max_quantity));
  return cart(customer_id, batch);
}

CartResult Shop::set_cart_quantity(const std::string& customer_id, const std::string& product_id,
                                   int64_t quantity) {
  return set_cart_quantity(customer_id, product_id, quantity, nullptr);
}

CartResult Shop::set_cart_quantity(const std::string& customer_id, const std::string& product_id,
                                   int64_t quantity, ShopBatch* batch) {
  if (quantity < 0 || quantity > options_.max_quantity)
    return refused(CartError::kBadQuantity,
                   fmt::format("quantity must be between 0 and {}", options_.max_quantity));
  // Removing a product that no longer exists is allowed: it cleans the cart.
  if (quantity > 0 && check_item(product_id, quantity, false, batch) == CartError::kUnknownProduct)
    return refused(CartError::kUnknownProduct, fmt::format("no product '{}'", product_id));
  if (!carts_->set(customer_id, product_id, quantity, transaction_of(batch))) return unavailable(customer_id);
  return cart(customer_id, batch);
}

CartResult Shop::clear_cart(const std::string& customer_id) { return clear_cart(customer_id, nullptr); }

CartResult Shop::clear_cart(const std::string& customer_id, ShopBatch* batch) {
  if (!carts_->clear(customer_id, transaction_of(batch))) return unavailable(customer_id);
  return cart(customer_id, batch);
}

PlaceOrderResult Shop::place_order(const PlaceOrderRequest& request) { return place_order(request, nullptr); }

PlaceOrderResult Shop::place_order(const PlaceOrderRequest& request, ShopBatch* batch) {
  // In a batch the checkout joins its transaction (a savepoint keeps it all
  // or nothing) and commits it: the order and the cart changes before it
  // cost one commit, and the order is committed before it is reported.
  Database* const unit = transaction_of(batch);
  const std::optional<Cart> cart = carts_->get(request.customer_id, unit);
  if (!cart) {
    PlaceOrderResult result;
    result.outcome = CheckoutOutcome::kCartUnavailable;
    result.detail = "the cart store (Redis) cannot be reached; nothing was ordered";
    return result;
  }
  PlaceOrderResult result;
  {
    // The connection goes back before the cart is cleared: a database cart
    // store borrows its own, and holding two at once could exhaust the pool.
    std::optional<PooledDatabase> own;
    if (!unit) own.emplace(pool_.acquire());
    Database& database = unit ? *unit : **own;
    auto hold = top_products_->hold();  // no best-seller rebuild between commit and write-through
    result = checkout_transaction(
        database, request, cart->items,
        [&](Database& transaction) { return carts_->clear_in_transaction(transaction, request.customer_id); },
        unit != nullptr);
    if (unit && result.outcome == CheckoutOutcome::kCreated) batch->commit();
    if (result.outcome == CheckoutOutcome::kCreated) {
      std::vector<CartLine> lines;
      for (const OrderItem& item : result.order.items) lines.push_back({item.product_id, item.quantity});
      top_products_->record(result.order.order_id, lines);
    }
  }
  if (result.outcome == CheckoutOutcome::kCreated)
    for (const ShopProduct& product : result.changed) product_cache_->put(product);
  if (result.outcome == CheckoutOutcome::kCreated || result.outcome == CheckoutOutcome::kReplayed) {
    // A replay clears the cart only if it still holds exactly what was
    // ordered (the first attempt could not clear it); anything added since
    // is a new cart and stays.
    std::vector<CartLine> ordered;
    for (const OrderItem& item : result.order.items) ordered.push_back({item.product_id, item.quantity});
    if (!result.cart_cleared && (result.outcome == CheckoutOutcome::kCreated || cart->items == ordered)) {
      result.cart_cleared = carts_->clear(request.customer_id, transaction_of(batch));
      if (!result.cart_cleared)
        spdlog::warn(
            "order {} was placed but the cart of {} could not be cleared (Redis unavailable); a retry "
            "with the same idempotency key clears it",
            result.order.order_id, request.customer_id);
    }
  }
  return result;
}

std::optional<Order> Shop::order(int64_t order_id) {
  PooledDatabase database = pool_.acquire();
  return read_order(*database, order_id);
}

std::vector<Order> Shop::customer_orders(const std::string& customer_id, int64_t limit) {
  PooledDatabase database = pool_.acquire();
  return read_customer_orders(*database, customer_id, limit);
}

std::vector<TopProduct> Shop::top_products(size_t limit) {
  PooledDatabase database = pool_.acquire();
  return top_products_->top(*database, limit);
}

ShopStatus Shop::status() const {
  ShopStatus status;
  status.redis_configured = redis_ != nullptr;
  status.redis_up = redis_ && redis_->up();
  status.redis_failures = redis_ ? redis_->failures() : 0;
  status.product_cache_hits = cache_hits_.load();
  status.product_cache_misses = cache_misses_.load();
  return status;
}

ShopBatch::ShopBatch(Shop& shop, size_t max_changes)
    : shop_(shop), max_changes_(std::max<size_t>(1, max_changes)) {}

ShopBatch::~ShopBatch() {
  // Uncommitted cart changes go together; orders were committed already.
  if (open_) try {
      (*database_)->rollback();
    } catch (const std::exception& error) {
      spdlog::warn("rolling back a batch of cart changes failed: {}", error.what());
      database_->discard();
    }
}

CartResult ShopBatch::add_to_cart(const std::string& customer_id, const std::string& product_id,
                                  int64_t quantity) {
  CartResult result = shop_.add_to_cart(customer_id, product_id, quantity, this);
  changed();
  return result;
}

CartResult ShopBatch::set_cart_quantity(const std::string& customer_id, const std::string& product_id,
                                        int64_t quantity) {
  CartResult result = shop_.set_cart_quantity(customer_id, product_id, quantity, this);
  changed();
  return result;
}

CartResult ShopBatch::clear_cart(const std::string& customer_id) {
  CartResult result = shop_.clear_cart(customer_id, this);
  changed();
  return result;
}

PlaceOrderResult ShopBatch::place_order(const PlaceOrderRequest& request) {
  return shop_.place_order(request, this);
}

void ShopBatch::commit() {
  if (!open_) return;
  (*database_)->commit();
  open_ = false;
  changes_ = 0;
}

Database* ShopBatch::transaction() {
  if (shop_.redis_) return nullptr;  // carts in Redis: nothing to group in the database
  if (!database_) database_.emplace(shop_.pool_.acquire());
  if (!open_) {
    (*database_)->begin();
    open_ = true;
  }
  return &**database_;
}

void ShopBatch::changed() {
  if (open_ && ++changes_ >= max_changes_) commit();
}

Database* Shop::transaction_of(ShopBatch* batch) { return batch ? batch->transaction() : nullptr; }

}  // namespace ecomflow
