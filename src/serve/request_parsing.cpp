#include "serve/request_parsing.hpp"

#include <simdjson.h>

#include <charconv>

#include "serve/json_writer.hpp"

namespace ecomflow {

std::optional<std::string> JsonBody::string(const std::string& name) const {
  const auto found = members.find(name);
  if (found == members.end() || found->second.type != Member::Type::kString) return std::nullopt;
  return found->second.text;
}

std::optional<int64_t> JsonBody::integer(const std::string& name) const {
  const auto found = members.find(name);
  if (found == members.end() || found->second.type != Member::Type::kInteger) return std::nullopt;
  return found->second.number;
}

bool JsonBody::wrong_type(const std::string& name, bool want_integer) const {
  const auto found = members.find(name);
  if (found == members.end()) return false;
  return found->second.type != (want_integer ? Member::Type::kInteger : Member::Type::kString);
}

JsonBody parse_json_body(const std::string& body) {
  JsonBody result;
  // One parser per thread: it keeps its buffers between requests.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element document;
  if (const auto error = parser.parse(body).get(document)) {
    result.error = std::string("the body is not valid JSON: ") + simdjson::error_message(error);
    return result;
  }
  simdjson::dom::object object;
  if (document.get_object().get(object)) {
    result.error = "the body must be a JSON object";
    return result;
  }
  for (const auto field : object) {
    JsonBody::Member member;
    std::string_view text;
    int64_t number = 0;
    if (!field.value.get_string().get(text)) {
      member.type = JsonBody::Member::Type::kString;
      member.text = std::string(text);
    } else if (field.value.is_int64() && !field.value.get_int64().get(number)) {
      member.type = JsonBody::Member::Type::kInteger;
      member.number = number;
    }
    result.members[std::string(field.key)] = std::move(member);
  }
  result.valid = true;
  return result;
}

std::optional<int64_t> query_integer(const HttpServer::Request& request, const std::string& name,
                                     int64_t fallback, int64_t minimum, int64_t maximum) {
  if (!request.has_param(name)) return fallback;
  const std::string text = request.get_param_value(name);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < minimum ||
      value > maximum)
    return std::nullopt;
  return value;
}

void send_error(HttpServer::Response& response, const RequestError& error) {
  send_error(response, error.status, error.code, error.detail);
}

CartItemBody parse_cart_item_body(const std::string& body, bool needs_product_id) {
  CartItemBody result;
  const JsonBody json = parse_json_body(body);
  if (!json.valid) {
    result.error = RequestError{400, "bad_json", json.error};
    return result;
  }
  if (needs_product_id) {
    const std::optional<std::string> product_id = json.string("product_id");
    if (!product_id) {
      result.error = RequestError{400, "bad_request", "the body needs \"product_id\" (a string)"};
      return result;
    }
    result.product_id = *product_id;
  }
  const std::optional<int64_t> quantity = json.integer("quantity");
  if (!quantity) {
    result.error = RequestError{400, "bad_quantity", "the body needs \"quantity\" (an integer)"};
    return result;
  }
  result.quantity = *quantity;
  return result;
}

OrderBody parse_order_body(const std::string& body, const std::string& idempotency_key) {
  // Keys are opaque to the server; the bound keeps the unique index small.
  constexpr size_t kMaxIdempotencyKey = 200;
  OrderBody result;
  const JsonBody json = parse_json_body(body);
  if (!json.valid) {
    result.error = RequestError{400, "bad_json", json.error};
    return result;
  }
  const std::optional<std::string> customer_id = json.string("customer_id");
  if (!customer_id || customer_id->empty()) {
    result.error = RequestError{400, "bad_request", "the body needs \"customer_id\" (a string)"};
    return result;
  }
  if (json.wrong_type("payment_method", false)) {
    result.error = RequestError{400, "bad_request", "\"payment_method\" must be a string"};
    return result;
  }
  if (idempotency_key.size() > kMaxIdempotencyKey) {
    result.error = RequestError{400, "bad_request", "Idempotency-Key is limited to 200 characters"};
    return result;
  }
  result.request = PlaceOrderRequest{.customer_id = *customer_id,
                                     .payment_method = json.string("payment_method").value_or("card"),
                                     .idempotency_key = idempotency_key};
  return result;
}

ProductQuery parse_product_query(const HttpServer::Request& request) {
  constexpr int64_t kMaxPage = 1000;
  ProductQuery result;
  ProductFilter& filter = result.filter;
  filter.category = request.get_param_value("category");
  filter.text = request.get_param_value("q");
  filter.metadata_key = request.get_param_value("meta_key");
  if (request.has_param("meta_value")) {
    if (filter.metadata_key.empty()) {
      result.error = RequestError{400, "bad_request", "meta_value needs meta_key"};
      return result;
    }
    filter.metadata_value = request.get_param_value("meta_value");
  }
  for (const auto& [name, bound] :
       {std::pair{"min_price", &filter.min_price}, std::pair{"max_price", &filter.max_price}}) {
    if (!request.has_param(name)) continue;
    *bound = parse_cents(request.get_param_value(name));
    if (!*bound || **bound < 0) {
      result.error = RequestError{400, "bad_request", std::string(name) + " must be an amount like 19.99"};
      return result;
    }
  }
  const auto limit = query_integer(request, "limit", 100, 1, kMaxPage);
  const auto offset = query_integer(request, "offset", 0, 0, INT64_MAX);
  if (!limit || !offset) {
    result.error = RequestError{400, "bad_request", "limit must be 1-1000 and offset a non-negative integer"};
    return result;
  }
  filter.limit = *limit;
  filter.offset = *offset;
  return result;
}

bool bearer_token_accepted(std::string_view authorization, const std::optional<std::string>& token) {
  if (!token) return true;
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() < kBearer.size() || authorization.substr(0, kBearer.size()) != kBearer)
    return false;
  return constant_time_equal(authorization.substr(kBearer.size()), *token);
}

}  // namespace ecomflow
