/// `ecomflow cart add|remove|show`: a customer's cart from the command
/// line, through the same code as the HTTP API.

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/shop_settings.hpp"
#include "core/error.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

/// Flags and arguments of `ecomflow cart`.
struct CartFlags {
  std::string customer_id;
  std::string product_id;
  int64_t quantity = 1;
};

void print_cart(Shop& shop, const Cart& cart) {
  if (cart.items.empty()) {
    fmt::print("cart of {} is empty\n", cart.customer_id);
    return;
  }
  fmt::print("{:<12} {:>8} {:>12} {:>12}  {}\n", "product", "quantity", "unit price", "line total", "name");
  Cents subtotal = 0;
  for (const CartLine& line : cart.items) {
    const std::optional<ShopProduct> product = shop.product(line.product_id);
    const Cents price = product ? product->price : 0;
    subtotal += price * line.quantity;
    fmt::print("{:<12} {:>8} {:>12} {:>12}  {}\n", line.product_id, line.quantity,
               product ? format_cents(price) : "-", product ? format_cents(price * line.quantity) : "-",
               product ? product->product_name : "(no longer in the catalog)");
  }
  fmt::print("subtotal {} (today's prices; the order takes them from the database at checkout)\n",
             format_cents(subtotal));
}

int finish(Shop& shop, const CartResult& result) {
  switch (result.error) {
    case CartError::kNone:
      print_cart(shop, result.cart);
      return 0;
    case CartError::kBadQuantity:
      throw UsageError("cart: " + result.detail);
    case CartError::kUnknownProduct:
    case CartError::kUnavailable:
      throw UserError("cart: " + result.detail);
  }
  return 0;
}

int run_cart(const std::string& action, const CartFlags& flags, const Settings& settings) {
  Shop shop(shop_options(settings, 2));
  {
    PooledDatabase database = shop.database().acquire();
    migrate(*database);
  }
  if (action == "add")
    return finish(shop, shop.add_to_cart(flags.customer_id, flags.product_id, flags.quantity));
  if (action == "remove") return finish(shop, shop.set_cart_quantity(flags.customer_id, flags.product_id, 0));
  return finish(shop, shop.cart(flags.customer_id));
}

}  // namespace

void add_cart_command(CLI::App& root, CommandContext& context) {
  auto flags = std::make_shared<CartFlags>();
  CLI::App* command =
      root.add_subcommand("cart", "Add to, remove from or show a customer's cart (--db, --redis)");
  command->require_subcommand(1);
  add_shop_settings(*command, context.settings);
  CLI::App* add = command->add_subcommand("add", "Add a product (quantities merge with what the cart holds)");
  add->add_option("customer", flags->customer_id, "customer id")->required();
  add->add_option("product", flags->product_id, "product id")->required();
  add->add_option("--quantity,-q", flags->quantity, "how many (1-10000)")->capture_default_str();
  CLI::App* remove = command->add_subcommand("remove", "Remove a product from the cart");
  remove->add_option("customer", flags->customer_id, "customer id")->required();
  remove->add_option("product", flags->product_id, "product id")->required();
  CLI::App* show = command->add_subcommand("show", "Show the cart with today's prices");
  show->add_option("customer", flags->customer_id, "customer id")->required();
  for (CLI::App* action : {add, remove, show})
    action->callback([flags, &context, name = action->get_name()] {
      context.action = [flags, &context, name] { return run_cart(name, *flags, context.settings); };
    });
}

}  // namespace ecomflow
