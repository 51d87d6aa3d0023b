/// `GET /api/products` (filters: category, min_price, max_price, q,
/// meta_key, meta_value, limit, offset) and `GET /api/products/{id}`.

#include "core/money.hpp"
#include "serve/request_parsing.hpp"
#include "serve/routes.hpp"
#include "serve/shop_json.hpp"

namespace ecomflow {
namespace {

void list(ServeContext& context, const HttpServer::Request& request, HttpServer::Response& response) {
  const ProductQuery query = parse_product_query(request);
  if (query.error) return send_error(response, *query.error);
  JsonWriter json;
  json.begin_object().key("products").begin_array();
  for (const ShopProduct& product : context.shop.products(query.filter)) write_product(json, product);
  json.end_array().end_object();
  send_json(response, 200, json.take());
}

void one(ServeContext& context, const HttpServer::Request& request, HttpServer::Response& response) {
  const std::string product_id = request.matches[1];
  const std::optional<ShopProduct> product = context.shop.product(product_id);
  if (!product) return send_error(response, 404, "unknown_product", "no product '" + product_id + "'");
  JsonWriter json;
  write_product(json, *product);
  send_json(response, 200, json.take());
}

}  // namespace

void add_product_routes(HttpServer& server, ServeContext& context) {
  server.get("/api/products",
             [&context](const auto& request, auto& response) { list(context, request, response); });
  server.get(R"(/api/products/([^/]+))",
             [&context](const auto& request, auto& response) { one(context, request, response); });
}

}  // namespace ecomflow
