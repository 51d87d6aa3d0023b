/// `POST /api/orders` (checks out a customer's cart; `Idempotency-Key`
/// header), `GET /api/orders/{id}`, `GET /api/customers/{id}/orders` and
/// `GET /api/top-products`.

#include "commerce/product.hpp"
#include "serve/request_parsing.hpp"
#include "serve/routes.hpp"
#include "serve/shop_json.hpp"

namespace ecomflow {
namespace {

void place(ServeContext& context, const HttpServer::Request& request, HttpServer::Response& response) {
  const OrderBody body = parse_order_body(request.body, request.get_header_value("Idempotency-Key"));
  if (body.error) return send_error(response, *body.error);
  const PlaceOrderResult result = context.shop.place_order(body.request);
  switch (result.outcome) {
    case CheckoutOutcome::kCreated:
    case CheckoutOutcome::kReplayed: {
      JsonWriter json;
      write_order(json, result.order);
      if (result.outcome == CheckoutOutcome::kReplayed) response.set_header("Idempotent-Replayed", "true");
      response.set_header("Location", "/api/orders/" + std::to_string(result.order.order_id));
      return send_json(response, result.outcome == CheckoutOutcome::kCreated ? 201 : 200, json.take());
    }
    case CheckoutOutcome::kOutOfStock:
      return send_json(response, 409, out_of_stock_json(result));
    case CheckoutOutcome::kEmptyCart:
      return send_error(response, 409, "empty_cart", result.detail);
    case CheckoutOutcome::kUnknownCustomer:
      return send_error(response, 404, "unknown_customer", result.detail);
    case CheckoutOutcome::kBadPaymentMethod:
      return send_error(response, 400, "bad_payment_method", result.detail);
    case CheckoutOutcome::kKeyReused:
      return send_error(response, 422, "idempotency_key_reused", result.detail);
    case CheckoutOutcome::kCartUnavailable:
      return send_error(response, 503, "cart_store_unavailable", result.detail);
  }
}

void one(ServeContext& context, const HttpServer::Request& request, HttpServer::Response& response) {
  const std::optional<int64_t> order_id = parse_integer(request.matches[1]);
  const std::optional<Order> order = order_id ? context.shop.order(*order_id) : std::nullopt;
  if (!order)
    return send_error(response, 404, "unknown_order", "no order " + std::string(request.matches[1]));
  JsonWriter json;
  write_order(json, *order);
  send_json(response, 200, json.take());
}

void customer_orders(ServeContext& context, const HttpServer::Request& request,
                     HttpServer::Response& response) {
  const auto limit = query_integer(request, "limit", 50, 1, 1000);
  if (!limit) return send_error(response, 400, "bad_request", "limit must be 1-1000");
  JsonWriter json;
  json.begin_object().key("customer_id").value(std::string(request.matches[1])).key("orders").begin_array();
  for (const Order& order : context.shop.customer_orders(request.matches[1], *limit))
    write_order(json, order);
  json.end_array().end_object();
  send_json(response, 200, json.take());
}

void top(ServeContext& context, const HttpServer::Request& request, HttpServer::Response& response) {
  const auto limit = query_integer(request, "limit", 10, 1, 1000);
  if (!limit) return send_error(response, 400, "bad_request", "limit must be 1-1000");
  JsonWriter json;
  json.begin_object().key("products").begin_array();
  for (const TopProduct& product : context.shop.top_products(size_t(*limit)))
    json.begin_object()
        .key("product_id")
        .value(product.product_id)
        .key("units_sold")
        .value(product.units_sold)
        .end_object();
  json.end_array().end_object();
  send_json(response, 200, json.take());
}

}  // namespace

void add_order_routes(HttpServer& server, ServeContext& context) {
  server.post("/api/orders",
              [&context](const auto& request, auto& response) { place(context, request, response); });
  server.get(R"(/api/orders/([^/]+))",
             [&context](const auto& request, auto& response) { one(context, request, response); });
  server.get(R"(/api/customers/([^/]+)/orders)", [&context](const auto& request, auto& response) {
    customer_orders(context, request, response);
  });
  server.get("/api/top-products",
             [&context](const auto& request, auto& response) { top(context, request, response); });
}

}  // namespace ecomflow
