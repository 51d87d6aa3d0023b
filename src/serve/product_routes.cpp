/// `GET /api/products` (filters: category, min_price, max_price, q,
/// meta_key, meta_value, limit, offset) and `GET /api/products/{id}`.

#include "core/money.hpp"
#include "serve/request_parsing.hpp"
#include "serve/routes.hpp"
#include "serve/shop_json.hpp"

namespace ecomflow {
namespace {

constexpr int64_t kMaxPage = 1000;

void list(ServeContext& context, const HttpServer::Request& request, HttpServer::Response& response) {
  ProductFilter filter;
  filter.category = request.get_param_value("category");
  filter.text = request.get_param_value("q");
  filter.metadata_key = request.get_param_value("meta_key");
  if (request.has_param("meta_value")) {
    if (filter.metadata_key.empty())
      return send_error(response, 400, "bad_request", "meta_value needs meta_key");
    filter.metadata_value = request.get_param_value("meta_value");
  }
  for (const auto& [name, bound] :
       {std::pair{"min_price", &filter.min_price}, std::pair{"max_price", &filter.max_price}}) {
    if (!request.has_param(name)) continue;
    *bound = parse_cents(request.get_param_value(name));
    if (!*bound || **bound < 0)
      return send_error(response, 400, "bad_request", std::string(name) + " must be an amount like 19.99");
  }
  const auto limit = query_integer(request, "limit", 100, 1, kMaxPage);
  const auto offset = query_integer(request, "offset", 0, 0, INT64_MAX);
  if (!limit || !offset)
    return send_error(response, 400, "bad_request", "limit must be 1-1000 and offset a non-negative integer");
  filter.limit = *limit;
  filter.offset = *offset;

  JsonWriter json;
  json.begin_object().key("products").begin_array();
  for (const ShopProduct& product : context.shop.products(filter)) write_product(json, product);
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
