/// `ecomflow order place|show`: checkout and order lookup from the command
/// line, through the same code as the HTTP API.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/command.hpp"
#include "cli/shop_settings.hpp"
#include "core/error.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

/// Flags and arguments of `ecomflow order`.
struct OrderFlags {
  std::string customer_id;
  std::string payment_method = "card";
  std::string idempotency_key;
  int64_t order_id = 0;
};

void print_order(const Order& order) {
  fmt::print("order {}  customer {}  status {}  payment {}  created {}\n", order.order_id, order.customer_id,
             order.status, order.payment_method, order.created_at);
  fmt::print("{:<12} {:>8} {:>12} {:>12}\n", "product", "quantity", "unit price", "line total");
  for (const OrderItem& item : order.items)
    fmt::print("{:<12} {:>8} {:>12} {:>12}\n", item.product_id, item.quantity, format_cents(item.unit_price),
               format_cents(item.unit_price * item.quantity));
  fmt::print("total {}\n", format_cents(order.total));
}

int place(Shop& shop, const OrderFlags& flags) {
  const PlaceOrderResult result =
      shop.place_order(PlaceOrderRequest{.customer_id = flags.customer_id,
                                         .payment_method = flags.payment_method,
                                         .idempotency_key = flags.idempotency_key});
  switch (result.outcome) {
    case CheckoutOutcome::kCreated:
    case CheckoutOutcome::kReplayed:
      // The id alone on stdout, for scripts; the rest on stderr.
      fmt::print("{}\n", result.order.order_id);
      fmt::print(
          stderr, "{} order {} for {}: {} item{}, total {} ({})\n",
          result.outcome == CheckoutOutcome::kCreated ? "placed" : "already placed (same idempotency key):",
          result.order.order_id, result.order.customer_id, result.order.items.size(),
          result.order.items.size() == 1 ? "" : "s", format_cents(result.order.total),
          result.order.payment_method);
      return 0;
    case CheckoutOutcome::kOutOfStock:
      fmt::print(stderr, "ecomflow: not enough stock, nothing was ordered:\n");
      for (const Shortage& shortage : result.shortages)
        fmt::print(
            stderr, "  {}: {} wanted, {}\n", shortage.product_id, shortage.requested,
            shortage.unknown_product ? "no such product" : fmt::format("{} available", shortage.available));
      return kOutOfStockExitCode;
    case CheckoutOutcome::kBadPaymentMethod:
    case CheckoutOutcome::kKeyReused:
      throw UsageError("order place: " + result.detail);
    case CheckoutOutcome::kEmptyCart:
    case CheckoutOutcome::kUnknownCustomer:
    case CheckoutOutcome::kCartUnavailable:
      throw UserError("order place: " + result.detail);
  }
  return 0;
}

int run_order(const std::string& action, const OrderFlags& flags, const Settings& settings) {
  Shop shop(shop_options(settings, 2));
  {
    PooledDatabase database = shop.database().acquire();
    migrate(*database);
  }
  if (action == "place") return place(shop, flags);
  const std::optional<Order> order = shop.order(flags.order_id);
  if (!order) throw UserError(fmt::format("order show: no order {}", flags.order_id));
  print_order(*order);
  return 0;
}

}  // namespace

void add_order_command(CLI::App& root, CommandContext& context) {
  auto flags = std::make_shared<OrderFlags>();
  CLI::App* command =
      root.add_subcommand("order", "Check out a customer's cart, or show an order (--db, --redis)");
  command->require_subcommand(1);
  add_shop_settings(*command, context.settings);
  CLI::App* place = command->add_subcommand("place", "Check out the customer's cart in one transaction");
  place->add_option("customer", flags->customer_id, "customer id")->required();
  place
      ->add_option("--payment-method", flags->payment_method,
                   "card | paypal | bank_transfer | cash_on_delivery | gift_card")
      ->capture_default_str();
  place->add_option("--idempotency-key", flags->idempotency_key,
                    "a retry with the same key returns the first order instead of placing another");
  place->footer(fmt::format(
      "Prints the order id on stdout. Exit codes: 0 placed (or already placed with this key); {} not enough "
      "stock (each short product on stderr; nothing ordered); 1 empty cart, unknown customer or Redis down; "
      "2 bad payment method or a key used by another customer.",
      kOutOfStockExitCode));
  CLI::App* show = command->add_subcommand("show", "Show an order with its items");
  show->add_option("id", flags->order_id, "order id")->required();
  for (CLI::App* action : {place, show})
    action->callback([flags, &context, name = action->get_name()] {
      context.action = [flags, &context, name] { return run_order(name, *flags, context.settings); };
    });
}

}  // namespace ecomflow
