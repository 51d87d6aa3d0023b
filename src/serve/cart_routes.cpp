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

/// The body's `quantity`, or a 400 already sent.
std::optional<int64_t> read_quantity(const HttpServer::Request& request, HttpServer::Response& response,
                                     std::optional<std::string>* product_id) {
  const JsonBody body = parse_json_body(request.body);
  if (!body.valid) {
    send_error(response, 400, "bad_json", body.error);
    return std::nullopt;
  }
  if (product_id) {
    *product_id = body.string("product_id");
    if (!*product_id) {
      send_error(response, 400, "bad_request", "the body needs \"product_id\" (a string)");
      return std::nullopt;
    }
  }
  const std::optional<int64_t> quantity = body.integer("quantity");
  if (!quantity) {
    send_error(response, 400, "bad_quantity", "the body needs \"quantity\" (an integer)");
    return std::nullopt;
  }
  return quantity;
}

}  // namespace

void add_cart_routes(HttpServer& server, ServeContext& context) {
  server.get(R"(/api/carts/([^/]+))", [&context](const auto& request, auto& response) {
    answer(context, context.shop.cart(request.matches[1]), response);
  });
  server.put(R"(/api/carts/([^/]+)/items/([^/]+))", [&context](const auto& request, auto& response) {
    const std::optional<int64_t> quantity = read_quantity(request, response, nullptr);
    if (!quantity) return;
    answer(context, context.shop.set_cart_quantity(request.matches[1], request.matches[2], *quantity),
           response);
  });
  server.post(R"(/api/carts/([^/]+)/items)", [&context](const auto& request, auto& response) {
    std::optional<std::string> product_id;
    const std::optional<int64_t> quantity = read_quantity(request, response, &product_id);
    if (!quantity) return;
    answer(context, context.shop.add_to_cart(request.matches[1], *product_id, *quantity), response);
  });
  server.del(R"(/api/carts/([^/]+))", [&context](const auto& request, auto& response) {
    answer(context, context.shop.clear_cart(request.matches[1]), response);
  });
}

}  // namespace ecomflow
