#pragma once
/// What route handlers share: the shop (products, carts, orders, caches),
/// its database pool, and the server's settings.

#include "commerce/shop.hpp"
#include "core/currency.hpp"
#include "serve/http_server.hpp"

namespace ecomflow {

/// Shared by every route group for the life of the server. Handlers run on
/// many threads at once: everything reachable from here is thread-safe.
struct ServeContext {
  Shop& shop;
  /// Connections for queries that are not the shop's (analytics, panels).
  DatabasePool& database;
  const HttpServerOptions& server_options;
  /// What the dashboard writes money in.
  Currency currency;
};

}  // namespace ecomflow
