#include "cli/shop_settings.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/error.hpp"
#include "store/migrations.hpp"

namespace ecomflow {

void add_redis_setting(CLI::App& command, Settings& settings) {
  settings.add(
      command, "redis", "--redis", "",
      "Redis for carts and caches: redis://host:port/N (none: carts in the database, caches in process)");
  settings.mark_secret("redis");
}

void add_shop_settings(CLI::App& command, Settings& settings) {
  add_redis_setting(command, settings);
  settings.add(command, "cart_ttl", "--cart-ttl", "86400",
               "seconds a cart lives after its last change (an expired cart with items is abandoned)");
  settings.require_integer("cart_ttl");
}

ShopOptions shop_options(const Settings& settings, size_t connections) {
  const long long ttl = settings.get_integer("cart_ttl");
  if (ttl < 1) throw UsageError("--cart-ttl must be at least 1 second");
  return ShopOptions{.database_url = settings.get("db"),
                     .redis_url = settings.get("redis"),
                     .cart_ttl = std::chrono::seconds(ttl),
                     .database_connections = connections};
}

void forget_cached_products(const Settings& settings) {
  if (settings.get("redis").empty()) return;  // caches in process live and die with their process
  Shop shop(ShopOptions{
      .database_url = settings.get("db"), .redis_url = settings.get("redis"), .database_connections = 1});
  if (!shop.forget_cached_products())
    spdlog::warn(
        "the products cached in Redis could not be dropped: the shop may serve the old prices and stock "
        "for up to {} s",
        shop.options().product_cache_ttl.count());
}

}  // namespace ecomflow
