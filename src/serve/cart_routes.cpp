/// `GET /api/carts/{customer}`, `PUT /api/carts/{customer}/items/{product}`
/// (sets the quantity; 0 removes), `POST /api/carts/{customer}/items` (adds,
/// merging with what the cart holds) and `DELETE /api/carts/{customer}`.

#include "serve/request_parsing.hpp"
#include "serve/routes.hpp"
#include "serve/shop_json.hpp"

namespace ecomflow {
namespace {

void answer(ServeContext& context, const CartResult& result, HttpServer::Response& response) {
  switch (result.error) {
    case CartError::kNone: {
      JsonWriter json;
      write_cart(json, context.shop, result.cart);
      return send_json(response, 200, json.take());
    }
    case CartError::kUnknownProduct:
      return send_error(response, 404, "unknown_product", result.detail);
    case CartError::kBadQuantity:
      return send_error(response, 400, "bad_quantity", result.detail);
    case CartError::kUnavailable:
      return send_error(response, 503, "cart_store_unavailable", result.detail);
  }
}

}  // namespace

void add_cart_routes(HttpServer& server, ServeContext& context) {
  server.get(R"(/api/carts/([^/]+))", [&context](const auto& request, auto& response) {
    answer(context, context.shop.cart(request.matches[1]), response);
  });
  server.put(R"(/api/carts/([^/]+)/items/([^/]+))", [&context](const auto& request, auto& response) {
    const CartItemBody body = parse_cart_item_body(request.body, false);
    if (body.error) return send_error(response, *body.error);
    answer(context, context.shop.set_cart_quantity(request.matches[1], request.matches[2], body.quantity),
           response);
  });
  server.post(R"(/api/carts/([^/]+)/items)", [&context](const auto& request, auto& response) {
    const CartItemBody body = parse_cart_item_body(request.body, true);
    if (body.error) return send_error(response, *body.error);
    answer(context, context.shop.add_to_cart(request.matches[1], body.product_id, body.quantity), response);
  });
  server.del(R"(/api/carts/([^/]+))", [&context](const auto& request, auto& response) {
    answer(context, context.shop.clear_cart(request.matches[1]), response);
  });
}

}  // namespace ecomflow
