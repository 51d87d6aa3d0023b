/// ShopDriver over the commerce code in this process.

#include <fmt/format.h>

#include "commerce/shop.hpp"
#include "core/error.hpp"
#include "simulate/shop_driver.hpp"

namespace ecomflow {
namespace {

void check(const CartResult& result, const std::string& customer) {
  if (result.error != CartError::kNone)
    throw UserError(fmt::format("cart of '{}' refused a change: {}", customer, result.detail));
}

class InProcessDriver final : public ShopDriver {
 public:
  explicit InProcessDriver(Shop& shop) : shop_(shop) {}

  void add_to_cart(const std::string& customer, const std::string& product, int64_t quantity) override {
    check(shop_.add_to_cart(customer, product, quantity), customer);
  }
  void set_quantity(const std::string& customer, const std::string& product, int64_t quantity) override {
    check(shop_.set_cart_quantity(customer, product, quantity), customer);
  }
  std::vector<DriverCartLine> cart(const std::string& customer) override {
    const CartResult result = shop_.cart(customer);
    check(result, customer);
    std::vector<DriverCartLine> lines;
    for (const CartLine& line : result.cart.items) lines.push_back({line.product_id, line.quantity});
    return lines;
  }
  void clear_cart(const std::string& customer) override { check(shop_.clear_cart(customer), customer); }

  DriverCheckout checkout(const std::string& customer, const std::string& idempotency_key) override {
    const PlaceOrderResult result = shop_.place_order(
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

  std::string describe() const override {
    return shop_.options().redis_url.empty() ? "in-process, carts in the database"
                                             : "in-process, carts in Redis";
  }

 private:
  Shop& shop_;
};

}  // namespace

std::unique_ptr<ShopDriver> make_in_process_driver(Shop& shop) {
  return std::make_unique<InProcessDriver>(shop);
}

}  // namespace ecomflow
