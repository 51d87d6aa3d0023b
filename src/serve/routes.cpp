#include "serve/routes.hpp"

namespace ecomflow {

void add_all_routes(HttpServer& server, ServeContext& context) {
  add_product_routes(server, context);
  add_cart_routes(server, context);
  add_order_routes(server, context);
  add_query_routes(server, context);
}

}  // namespace ecomflow
