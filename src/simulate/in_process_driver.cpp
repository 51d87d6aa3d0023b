/// ShopDriver over the commerce code in this process.

#include <fmt/format.h>

#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "commerce/shop.hpp"
#include "core/error.hpp"
#include "simulate/shop_driver.hpp"

namespace ecomflow {
namespace {

void check(const CartResult& result, const std::string& customer) {
  if (result.error != CartError::kNone)
    throw UserError(fmt::format("cart of '{}' refused a change: {}", customer, result.detail));
}

/// The shop's requests for one thread: through its batch when there is one.
class Requests {
 public:
  Requests(Shop& shop, ShopBatch* batch) : shop_(shop), batch_(batch) {}
  CartResult add(const std::string& customer, const std::string& product, int64_t quantity) {
    return batch_ ? batch_->add_to_cart(customer, product, quantity)
                  : shop_.add_to_cart(customer, product, quantity);
  }
  CartResult set(const std::string& customer, const std::string& product, int64_t quantity) {
    return batch_ ? batch_->set_cart_quantity(customer, product, quantity)
                  : shop_.set_cart_quantity(customer, product, quantity);
  }
  CartResult cart(const std::string& customer) {
    return batch_ ? batch_->cart(customer) : shop_.cart(customer);
  }
  CartResult clear(const std::string& customer) {
    return batch_ ? batch_->clear_cart(customer) : shop_.clear_cart(customer);
  }
  PlaceOrderResult place_order(const PlaceOrderRequest& request) {
    return batch_ ? batch_->place_order(request) : shop_.place_order(request);
  }

 private:
  Shop& shop_;
  ShopBatch* batch_;
};

class InProcessDriver final : public ShopDriver {
 public:
  InProcessDriver(Shop& shop, size_t group_changes) : shop_(shop), group_changes_(group_changes) {}

  void add_to_cart(const std::string& customer, const std::string& product, int64_t quantity) override {
    check(requests().add(customer, product, quantity), customer);
  }
  void set_quantity(const std::string& customer, const std::string& product, int64_t quantity) override {
    check(requests().set(customer, product, quantity), customer);
  }
  std::vector<DriverCartLine> cart(const std::string& customer) override {
    const CartResult result = requests().cart(customer);
    check(result, customer);
    std::vector<DriverCartLine> lines;
    for (const CartLine& line : result.cart.items) lines.push_back({line.product_id, line.quantity});
    return lines;
  }
  void clear_cart(const std::string& customer) override { check(requests().clear(customer), customer); }

  DriverCheckout checkout(const std::string& customer, const std::string& idempotency_key) override {
    const PlaceOrderResult result = requests().place_order(
        {.customer_id = customer, .payment_method = "card", .idempotency_key = idempotency_key});
    DriverCheckout checkout;
    switch (result.outcome) {
      case CheckoutOutcome::kCreated:
      case CheckoutOutcome::kReplayed:
        checkout.outcome = DriverCheckout::Outcome::kPlaced;
        checkout.total = result.order.total;
        for (const OrderItem& item : result.order.items)
          checkout.items.push_back({item.product_id, item.quantity, item.unit_price});
        return checkout;
      case CheckoutOutcome::kOutOfStock:
        checkout.outcome = DriverCheckout::Outcome::kOutOfStock;
        for (const Shortage& shortage : result.shortages)
          checkout.shortages.push_back({shortage.product_id, shortage.requested, shortage.available});
        return checkout;
      case CheckoutOutcome::kEmptyCart:
        checkout.outcome = DriverCheckout::Outcome::kEmptyCart;
        return checkout;
      default:
        throw UserError(fmt::format("checkout of '{}' refused: {}", customer, result.detail));
    }
  }

  void commit() override {
    if (ShopBatch* batch = thread_batch(false)) batch->commit();
  }

  std::string describe() const override {
    return shop_.options().redis_url.empty() ? "in-process, carts in the database"
                                             : "in-process, carts in Redis";
  }

 private:
  Requests requests() { return Requests(shop_, thread_batch(true)); }

  /// The calling thread's batch (made when `create`), or null when changes are not grouped.
  ShopBatch* thread_batch(bool create) {
    if (group_changes_ == 0) return nullptr;
    const std::lock_guard lock(mutex_);
    auto found = batches_.find(std::this_thread::get_id());
    if (found == batches_.end()) {
      if (!create) return nullptr;
      found = batches_.emplace(std::this_thread::get_id(), std::make_unique<ShopBatch>(shop_, group_changes_))
                  .first;
    }
    return found->second.get();
  }

  Shop& shop_;
  const size_t group_changes_;
  std::mutex mutex_;
  std::map<std::thread::id, std::unique_ptr<ShopBatch>> batches_;  // guarded by mutex_
};

}  // namespace

std::unique_ptr<ShopDriver> make_in_process_driver(Shop& shop, size_t group_changes) {
  return std::make_unique<InProcessDriver>(shop, group_changes);
}

}  // namespace ecomflow
