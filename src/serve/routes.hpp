#pragma once
/// The route groups of `ecomflow serve`, one file each, and the one place
/// that registers them all. Adding a group: write `<name>_routes.cpp` with
/// `add_<name>_routes`, declare it here, and add one line to add_all_routes.

#include "serve/http_server.hpp"
#include "serve/serve_context.hpp"

namespace ecomflow {

/// `/api/products…`
void add_product_routes(HttpServer& server, ServeContext& context);
/// `/api/carts/…`
void add_cart_routes(HttpServer& server, ServeContext& context);
/// `/api/orders…`, `/api/customers/{id}/orders`, `/api/top-products`
void add_order_routes(HttpServer& server, ServeContext& context);
/// `/api/queries…`: the warehouse's named analytics queries.
void add_query_routes(HttpServer& server, ServeContext& context);

/// Registers every route group on `server`.
void add_all_routes(HttpServer& server, ServeContext& context);

}  // namespace ecomflow
