// libFuzzer target: what `serve` reads from a request itself, after
// cpp-httplib has split it. The input is five newline-separated parts:
//   path \n query string \n Idempotency-Key \n Authorization \n body
// The path and query are URL-decoded as cpp-httplib does before a handler
// sees them. Invariants: every refusal is a 4xx with a code, every answer
// that quotes the request is valid JSON carrying the same text, accepted
// values are within the bounds the routes promise, no exception escapes.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "serve/json_writer.hpp"
#include "serve/request_parsing.hpp"

namespace {

using namespace ecomflow;

const std::string kToken = "fuzz-token-0123456789";

std::string_view next_part(std::string_view& rest) {
  const size_t newline = rest.find('\n');
  const std::string_view part = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  return part;
}

bool valid_utf8(std::string_view text) { return simdjson::validate_utf8(text.data(), text.size()); }

/// The error body the server would send: it must be one JSON object whose
/// members say `code` and, when the detail is text, exactly `detail`.
void check_error_json(std::string_view code, std::string_view detail) {
  static simdjson::dom::parser parser;
  const std::string body = json_error(code, detail);
  simdjson::dom::element document;
  if (parser.parse(body).get(document)) __builtin_trap();  // not JSON
  std::string_view error, said;
  if (document["error"].get_string().get(error) || document["detail"].get_string().get(said))
    __builtin_trap();
  if (error != code) __builtin_trap();
  if (valid_utf8(detail) && said != detail) __builtin_trap();  // text changed on the way
}

void check_refusal(const RequestError& error) {
  if (error.status < 400 || error.status > 499 || error.code.empty() || error.detail.empty())
    __builtin_trap();
  check_error_json(error.code, error.detail);
}

void check_bodies(const std::string& body, const std::string& idempotency_key) {
  const JsonBody json = parse_json_body(body);
  if (json.valid != json.error.empty()) __builtin_trap();
  for (const bool needs_product_id : {false, true}) {
    const CartItemBody cart = parse_cart_item_body(body, needs_product_id);
    if (cart.error) {
      check_refusal(*cart.error);
      continue;
    }
    if (!json.valid || cart.quantity != json.integer("quantity")) __builtin_trap();
    if (needs_product_id && cart.product_id != json.string("product_id")) __builtin_trap();
  }
  const OrderBody order = parse_order_body(body, idempotency_key);
  if (order.error) {
    check_refusal(*order.error);
  } else {
    if (!json.valid || order.request.customer_id.empty() || order.request.idempotency_key.size() > 200)
      __builtin_trap();
    if (order.request.customer_id != json.string("customer_id")) __builtin_trap();
  }
}

void check_query(const std::string& query) {
  HttpServer::Request request;
  httplib::detail::parse_query_text(query, request.params);
  const ProductQuery products = parse_product_query(request);
  if (products.error) {
    check_refusal(*products.error);
  } else {
    const ProductFilter& filter = products.filter;
    if (filter.limit < 1 || filter.limit > 1000 || filter.offset < 0) __builtin_trap();
    if ((filter.min_price && *filter.min_price < 0) || (filter.max_price && *filter.max_price < 0))
      __builtin_trap();
    if (filter.metadata_value && filter.metadata_key.empty()) __builtin_trap();
  }
  const std::optional<int64_t> limit = query_integer(request, "limit", 10, 1, 1000);
  if (limit && (*limit < 1 || *limit > 1000)) __builtin_trap();
  if (!request.has_param("limit") && limit != 10) __builtin_trap();
}

void check_path(const std::string& path) {
  // A route capture is one decoded segment; handlers quote it back in 404s
  // (`no order …`, `no product '…'`) and in the customer's order list.
  const std::string decoded = httplib::detail::decode_url(path, false);
  const size_t slash = decoded.rfind('/');
  const std::string capture = slash == std::string::npos ? decoded : decoded.substr(slash + 1);
  check_error_json("unknown_order", "no order " + capture);
  check_error_json("unknown_product", "no product '" + capture + "'");
  JsonWriter json;
  json.begin_object().key("customer_id").value(capture).key(capture).value(int64_t(1)).end_object();
  static simdjson::dom::parser parser;
  simdjson::dom::element document;
  if (parser.parse(json.text()).get(document)) __builtin_trap();
}

void check_authorization(std::string_view authorization) {
  if (!bearer_token_accepted(authorization, std::nullopt)) __builtin_trap();  // no token: writes are open
  const bool accepted = bearer_token_accepted(authorization, kToken);
  if (accepted != (authorization == "Bearer " + kToken)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string path(next_part(rest));
  const std::string query(next_part(rest));
  const std::string idempotency_key(next_part(rest));
  const std::string authorization(next_part(rest));
  const std::string body(rest);
  check_path(path);
  check_query(query);
  check_bodies(body, idempotency_key);
  check_authorization(authorization);
  return 0;
}
