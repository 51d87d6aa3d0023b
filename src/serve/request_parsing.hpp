#pragma once
/// Reading what a client sent: JSON bodies (simdjson), query-string values
/// and headers, with the reason when they are unusable, so handlers answer
/// 4xx. Everything here is pure (no database), which is what the
/// `serve_request` fuzz target drives.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "commerce/checkout.hpp"
#include "commerce/product.hpp"
#include "serve/http_server.hpp"

namespace ecomflow {

/// The members of a JSON object body that the routes read.
struct JsonBody {
  bool valid = false;
  std::string error;  ///< why it is not usable (when !valid)
  /// Looks a member up: nullopt when absent.
  std::optional<std::string> string(const std::string& name) const;
  std::optional<int64_t> integer(const std::string& name) const;
  /// True when the member exists but is not of the type asked for.
  bool wrong_type(const std::string& name, bool want_integer) const;

  /// A top-level member: its JSON type and value (strings and integers only).
  struct Member {
    enum class Type { kString, kInteger, kOther } type = Type::kOther;
    std::string text;
    int64_t number = 0;
  };
  std::map<std::string, Member> members;
};

/// Parses a request body that must be one JSON object.
JsonBody parse_json_body(const std::string& body);

/// A query-string integer in [minimum, maximum]; `fallback` when absent;
/// nullopt (answer 400) when malformed or out of range.
std::optional<int64_t> query_integer(const HttpServer::Request& request, const std::string& name,
                                     int64_t fallback, int64_t minimum, int64_t maximum);

/// A request refused before it reaches the shop: a 4xx status, the error
/// code of docs/api.md and a sentence for the client.
struct RequestError {
  int status = 400;
  std::string code;
  std::string detail;
};

/// Answers `error` in the JSON error shape.
void send_error(HttpServer::Response& response, const RequestError& error);

/// The body of `PUT /api/carts/{c}/items/{p}` (quantity) and
/// `POST /api/carts/{c}/items` (product_id and quantity).
struct CartItemBody {
  std::optional<RequestError> error;
  std::string product_id;  ///< empty unless asked for
  int64_t quantity = 0;
};
CartItemBody parse_cart_item_body(const std::string& body, bool needs_product_id);

/// `POST /api/orders`: the body and the `Idempotency-Key` header.
struct OrderBody {
  std::optional<RequestError> error;
  PlaceOrderRequest request;
};
OrderBody parse_order_body(const std::string& body, const std::string& idempotency_key);

/// `GET /api/products`: the filter its query string asks for.
struct ProductQuery {
  std::optional<RequestError> error;
  ProductFilter filter;
};
ProductQuery parse_product_query(const HttpServer::Request& request);

/// Whether an `Authorization` header carries `token` as `Bearer <token>`
/// (always true without a token), compared in constant time.
bool bearer_token_accepted(std::string_view authorization, const std::optional<std::string>& token);

}  // namespace ecomflow
