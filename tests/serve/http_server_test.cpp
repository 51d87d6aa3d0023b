#include "serve/http_server.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "serve/json_writer.hpp"

namespace ecomflow {
namespace {

TEST(HttpServerTest, ParsesListenAddresses) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:8080").port, 8080);
  EXPECT_TRUE(parse_listen_address("127.0.0.1:8080").is_loopback());
  EXPECT_TRUE(parse_listen_address("127.3.4.5:1").is_loopback());
  EXPECT_TRUE(parse_listen_address("localhost:80").is_loopback());
  EXPECT_TRUE(parse_listen_address("[::1]:9000").is_loopback());
  EXPECT_EQ(parse_listen_address("[::1]:9000").host, "::1");
  EXPECT_FALSE(parse_listen_address("0.0.0.0:8080").is_loopback());
  EXPECT_FALSE(parse_listen_address("192.168.1.4:8080").is_loopback());
  EXPECT_FALSE(parse_listen_address("128.0.0.1:8080").is_loopback());
  EXPECT_THROW(parse_listen_address("8080"), UsageError);
  EXPECT_THROW(parse_listen_address("127.0.0.1:"), UsageError);
  EXPECT_THROW(parse_listen_address("127.0.0.1:65536"), UsageError);
  EXPECT_THROW(parse_listen_address("127.0.0.1:80x"), UsageError);
}

TEST(HttpServerTest, ComparesTokensExactly) {
  EXPECT_TRUE(constant_time_equal("secret-token", "secret-token"));
  EXPECT_FALSE(constant_time_equal("secret-token", "secret-tokem"));
  EXPECT_FALSE(constant_time_equal("secret-token", "secret-token2"));
  EXPECT_FALSE(constant_time_equal("secret-token", ""));
  EXPECT_FALSE(constant_time_equal("", "x"));
}

TEST(JsonWriterTest, WritesNestedValuesAndExactMoney) {
  JsonWriter json;
  json.begin_object().key("a").value("x\"y").key("list").begin_array().value(int64_t(1)).null().value(true);
  json.begin_object().end_object().end_array().money("price", 2450).key("raw").raw("{\"k\":1}").end_object();
  EXPECT_EQ(json.text(),
            R"({"a":"x\"y","list":[1,null,true,{}],"price":"24.50","price_cents":2450,"raw":{"k":1}})");
  EXPECT_EQ(json_error("bad_json", "line\n2"), R"({"error":"bad_json","detail":"line\n2"})");
}

}  // namespace
}  // namespace ecomflow
