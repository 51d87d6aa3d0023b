#include "serve/request_parsing.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "serve/json_writer.hpp"

namespace ecomflow {
namespace {

TEST(RequestParsingTest, ReadsCartItemBodies) {
  const CartItemBody add = parse_cart_item_body(R"({"product_id": "p004", "quantity": 2})", true);
  ASSERT_FALSE(add.error);
  EXPECT_EQ(add.product_id, "p004");
  EXPECT_EQ(add.quantity, 2);
  EXPECT_EQ(parse_cart_item_body(R"({"quantity": 0})", false).quantity, 0);

  const CartItemBody no_product = parse_cart_item_body(R"({"quantity": 2})", true);
  ASSERT_TRUE(no_product.error);
  EXPECT_EQ(no_product.error->code, "bad_request");
  EXPECT_EQ(parse_cart_item_body(R"({"quantity": 1.5})", false).error->code, "bad_quantity");
  EXPECT_EQ(parse_cart_item_body(R"({"quantity": "2"})", false).error->code, "bad_quantity");
  EXPECT_EQ(parse_cart_item_body("[1]", false).error->code, "bad_json");
  EXPECT_EQ(parse_cart_item_body("{\"quantity\": 1", false).error->status, 400);
}

TEST(RequestParsingTest, ReadsOrderBodiesAndTheIdempotencyKey) {
  const OrderBody order = parse_order_body(R"({"customer_id": "c001"})", "key-1");
  ASSERT_FALSE(order.error);
  EXPECT_EQ(order.request.customer_id, "c001");
  EXPECT_EQ(order.request.payment_method, "card");
  EXPECT_EQ(order.request.idempotency_key, "key-1");
  EXPECT_EQ(parse_order_body(R"({"customer_id": ""})", "").error->code, "bad_request");
  EXPECT_EQ(parse_order_body(R"({"customer_id": "c1", "payment_method": 3})", "").error->code, "bad_request");
  EXPECT_FALSE(parse_order_body(R"({"customer_id": "c1"})", std::string(200, 'k')).error);
  EXPECT_EQ(parse_order_body(R"({"customer_id": "c1"})", std::string(201, 'k')).error->status, 400);
}

TEST(RequestParsingTest, ReadsProductFilters) {
  HttpServer::Request request;
  httplib::detail::parse_query_text("category=Books&min_price=10&max_price=50.5&q=alpha&limit=5",
                                    request.params);
  const ProductQuery query = parse_product_query(request);
  ASSERT_FALSE(query.error);
  EXPECT_EQ(query.filter.category, "Books");
  EXPECT_EQ(query.filter.min_price, 1000);
  EXPECT_EQ(query.filter.max_price, 5050);
  EXPECT_EQ(query.filter.limit, 5);
  for (const char* bad :
       {"limit=0", "limit=1001", "offset=-1", "min_price=-1", "max_price=x", "meta_value=1"}) {
    HttpServer::Request refused;
    httplib::detail::parse_query_text(bad, refused.params);
    EXPECT_TRUE(parse_product_query(refused).error) << bad;
  }
}

TEST(RequestParsingTest, AcceptsOnlyTheBearerToken) {
  const std::optional<std::string> token = "0123456789abcdef";
  EXPECT_TRUE(bearer_token_accepted("Bearer 0123456789abcdef", token));
  EXPECT_FALSE(bearer_token_accepted("Bearer 0123456789abcdeF", token));
  EXPECT_FALSE(bearer_token_accepted("bearer 0123456789abcdef", token));
  EXPECT_FALSE(bearer_token_accepted("Bearer ", token));
  EXPECT_FALSE(bearer_token_accepted("", token));
  EXPECT_TRUE(bearer_token_accepted("", std::nullopt));
}

// A 404 quotes the path it could not find, and cpp-httplib has already
// decoded `%FF` into a raw byte: the answer must still be JSON.
TEST(RequestParsingTest, ErrorsQuotingBytesThatAreNotUtf8AreStillJson) {
  simdjson::dom::parser parser;
  for (const std::string& detail : {std::string("no order \xff"), std::string("no product '\xc3'"),
                                    std::string("\xed\xa0\x80 surrogate"), std::string("\xf0\x9f\x98")}) {
    const std::string body = json_error("unknown_order", detail);
    simdjson::dom::element document;
    EXPECT_FALSE(parser.parse(body).get(document)) << body;
  }
  // Text that is UTF-8 goes through unchanged.
  EXPECT_EQ(json_error("e", "caf\xc3\xa9 \xe2\x82\xac"),
            "{\"error\":\"e\",\"detail\":\"caf\xc3\xa9 \xe2\x82\xac\"}");
  EXPECT_EQ(json_error("e",
                       "a\xff"
                       "b"),
            "{\"error\":\"e\",\"detail\":\"a\\ufffdb\"}");
}

}  // namespace
}  // namespace ecomflow
