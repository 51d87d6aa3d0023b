#pragma once
/// The settings the shop's commands share (`serve`, `cart`, `order`):
/// --redis and --cart-ttl, and the Shop they describe.

#include <CLI/CLI.hpp>

#include "cli/settings.hpp"
#include "commerce/shop.hpp"

namespace ecomflow {

/// Adds --redis and --cart-ttl to a shop command.
void add_shop_settings(CLI::App& command, Settings& settings);
/// Adds --redis alone (a command that only keeps the shop's caches right).
void add_redis_setting(CLI::App& command, Settings& settings);
/// After the products were replaced outside the shop: drops the products
/// cached in --redis (when set), so the shop serves the new prices at once.
void forget_cached_products(const Settings& settings);
/// The Shop options for --db, --redis and --cart-ttl, with `connections` database connections.
ShopOptions shop_options(const Settings& settings, size_t connections);
/// Exit code of `order place` when the stock cannot cover the cart.
constexpr int kOutOfStockExitCode = 10;

}  // namespace ecomflow
