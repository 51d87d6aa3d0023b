/// The JSON API end to end over loopback HTTP, on SQLite and PostgreSQL.

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "commerce/shop.hpp"
#include "serve/routes.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

constexpr const char* kToken = "test-token-0123456789";

class ApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    migrate(db());
    db().execute(
        "INSERT INTO customers (customer_id, join_date, segment) VALUES ('c001', '2024-01-01', 'VIP');"
        "INSERT INTO products (product_id, product_name, category, price, stock, metadata) VALUES "
        "('p001', 'Alpha Lamp', 'Home', 24.50, 5, '{\"color\": \"red\"}'), "
        "('p002', 'Beta Book', 'Books', 9.99, 1, '{\"pages\": 300}')");
    shop_ = std::make_unique<Shop>(ShopOptions{.database_url = url()});
    options_.listen = parse_listen_address("127.0.0.1:0");
    options_.threads = 8;
    options_.max_body_bytes = 4096;
    options_.token = kToken;
    server_ = std::make_unique<HttpServer>(options_);
    context_ = std::make_unique<ServeContext>(
        ServeContext{.shop = *shop_, .database = shop_->database(), .server_options = options_});
    add_all_routes(*server_, *context_);
    server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    BackendTest::TearDown();
  }

  httplib::Headers auth() const { return {{"Authorization", std::string("Bearer ") + kToken}}; }
  int64_t scalar(const std::string& sql) {
    return std::stoll(db().query(sql).rows.at(0).at(0).value_or("0"));
  }

  std::unique_ptr<Shop> shop_;
  HttpServerOptions options_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<ServeContext> context_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_P(ApiTest, ReadsProductsWithFilters) {
  auto response = client_->Get("/api/products/p001");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(contains(response->body, R"("price":"24.50","price_cents":2450,"stock":5)")) << response->body;
  response = client_->Get("/api/products?category=Books&max_price=10.00");
  EXPECT_TRUE(contains(response->body, "p002") && !contains(response->body, "p001")) << response->body;
  response = client_->Get("/api/products?q=alpha");
  EXPECT_TRUE(contains(response->body, "p001") && !contains(response->body, "p002")) << response->body;
  response = client_->Get("/api/products?meta_key=color&meta_value=red");
  EXPECT_TRUE(contains(response->body, "p001") && !contains(response->body, "p002")) << response->body;
  response = client_->Get("/api/products?meta_key=pages");
  EXPECT_TRUE(contains(response->body, "p002") && !contains(response->body, "p001")) << response->body;
  response = client_->Get("/api/products?min_price=abc");
  EXPECT_EQ(response->status, 400);
  response = client_->Get("/api/products/nope");
  EXPECT_EQ(response->status, 404);
  EXPECT_TRUE(contains(response->body, R"("error":"unknown_product")")) << response->body;
  response = client_->Get("/no/such/route");
  EXPECT_EQ(response->status, 404);
  EXPECT_TRUE(contains(response->body, R"("error":"not_found")")) << response->body;
}

TEST_P(ApiTest, BadRequestsGetDocumentedErrorsAndWriteNothing) {
  const std::string item = "/api/carts/c001/items/p001";
  auto response = client_->Put(item.c_str(), R"({"quantity": 1})", "application/json");
  EXPECT_EQ(response->status, 401);
  EXPECT_TRUE(contains(response->body, R"("error":"unauthorized")"));
  response = client_->Put(item.c_str(), {{"Authorization", "Bearer wrong-token-0123456789"}},
                          R"({"quantity": 1})", "application/json");
  EXPECT_EQ(response->status, 401);
  response =
      client_->Put(item.c_str(), {{"Authorization", kToken}}, R"({"quantity": 1})", "application/json");
  EXPECT_EQ(response->status, 401);
  response = client_->Put(item.c_str(), auth(), R"({"quantity": )", "application/json");
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(contains(response->body, R"("error":"bad_json")")) << response->body;
  response = client_->Put(item.c_str(), auth(), R"([1, 2])", "application/json");
  EXPECT_EQ(response->status, 400);
  response = client_->Put(item.c_str(), auth(), R"({"quantity": -1})", "application/json");
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(contains(response->body, R"("error":"bad_quantity")")) << response->body;
  response = client_->Put(item.c_str(), auth(), R"({"quantity": "2"})", "application/json");
  EXPECT_EQ(response->status, 400);
  response = client_->Put(item.c_str(), auth(), R"({"quantity": 1.5})", "application/json");
  EXPECT_EQ(response->status, 400);
  response = client_->Put("/api/carts/c001/items/nope", auth(), R"({"quantity": 1})", "application/json");
  EXPECT_EQ(response->status, 404);
  EXPECT_TRUE(contains(response->body, R"("error":"unknown_product")")) << response->body;
  response = client_->Post("/api/orders", auth(), R"({"customer_id": 7})", "application/json");
  EXPECT_EQ(response->status, 400);
  response = client_->Post("/api/orders", R"({"customer_id": "c001"})", "application/json");
  EXPECT_EQ(response->status, 401);
  response = client_->Post("/api/orders", auth(), std::string(5000, ' '), "application/json");
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(contains(response->body, R"("error":"payload_too_large")")) << response->body;
  response = client_->Post("/api/orders", auth(), R"({"customer_id": "c001"})", "application/json");
  EXPECT_EQ(response->status, 409);
  EXPECT_TRUE(contains(response->body, R"("error":"empty_cart")")) << response->body;

  EXPECT_EQ(scalar("SELECT COUNT(*) FROM cart_items"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 0);
  EXPECT_EQ(scalar("SELECT SUM(stock) FROM products"), 6);
}

TEST_P(ApiTest, ATamperedClientPriceIsIgnored) {
  auto response =
      client_->Put("/api/carts/c001/items/p001", auth(),
                   R"({"quantity": 2, "price": "0.01", "unit_price_cents": 1})", "application/json");
  ASSERT_EQ(response->status, 200) << response->body;
  EXPECT_TRUE(contains(response->body, R"("subtotal":"49.00")")) << response->body;
  response =
      client_->Post("/api/orders", auth(), R"({"customer_id": "c001", "total": "0.02", "total_cents": 2})",
                    "application/json");
  ASSERT_EQ(response->status, 201) << response->body;
  EXPECT_TRUE(contains(response->body, R"("total":"49.00","total_cents":4900)")) << response->body;
  EXPECT_EQ(scalar("SELECT total_cents FROM orders"), 4900);
}

TEST_P(ApiTest, CheckoutOverHttp) {
  ASSERT_EQ(
      client_->Put("/api/carts/c001/items/p001", auth(), R"({"quantity": 2})", "application/json")->status,
      200);
  ASSERT_EQ(client_
                ->Post("/api/carts/c001/items", auth(), R"({"product_id": "p002", "quantity": 3})",
                       "application/json")
                ->status,
            200);
  auto response = client_->Post("/api/orders", auth(), R"({"customer_id": "c001"})", "application/json");
  ASSERT_EQ(response->status, 409);
  EXPECT_TRUE(contains(response->body, R"({"product_id":"p002","requested":3,"available":1)"))
      << response->body;
  ASSERT_EQ(
      client_->Put("/api/carts/c001/items/p002", auth(), R"({"quantity": 0})", "application/json")->status,
      200);

  httplib::Headers keyed = auth();
  keyed.emplace("Idempotency-Key", "checkout-1");
  response = client_->Post("/api/orders", keyed, R"({"customer_id": "c001", "payment_method": "paypal"})",
                           "application/json");
  ASSERT_EQ(response->status, 201) << response->body;
  const int64_t order_id = scalar("SELECT order_id FROM orders");
  EXPECT_TRUE(contains(response->body, "\"order_id\":" + std::to_string(order_id))) << response->body;
  response = client_->Post("/api/orders", keyed, R"({"customer_id": "c001", "payment_method": "paypal"})",
                           "application/json");
  ASSERT_EQ(response->status, 200) << response->body;
  EXPECT_EQ(response->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_TRUE(contains(response->body, "\"order_id\":" + std::to_string(order_id))) << response->body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 1);

  response = client_->Get(("/api/orders/" + std::to_string(order_id)).c_str());
  EXPECT_TRUE(contains(response->body, R"("payment_method":"paypal","total":"49.00")")) << response->body;
  response = client_->Get("/api/customers/c001/orders");
  EXPECT_TRUE(contains(response->body, "\"order_id\":" + std::to_string(order_id))) << response->body;
  response = client_->Get("/api/top-products?limit=5");
  EXPECT_EQ(response->body, "{\"products\":[{\"product_id\":\"p001\",\"units_sold\":2}]}\n");
  response = client_->Get("/api/carts/c001");
  EXPECT_TRUE(contains(response->body, R"("items":[])")) << response->body;
  EXPECT_EQ(client_->Get("/api/orders/999")->status, 404);
  EXPECT_EQ(client_->Get("/api/top-products?limit=0")->status, 400);
}

TEST_P(ApiTest, NamedQueriesNeedAWarehouse) {
  auto response = client_->Get("/api/queries");
  ASSERT_EQ(response->status, 200);
  EXPECT_TRUE(contains(response->body, R"("name":)")) << response->body;
  EXPECT_EQ(client_->Get("/api/queries/no_such_query")->status, 404);
  // A query that takes a value: without it a bad request, with it as far as the warehouse.
  EXPECT_EQ(client_->Get("/api/queries/customer_order_history")->status, 400);
  EXPECT_NE(client_->Get("/api/queries/customer_order_history?customer_id=c001")->status, 400);
}

ECOMFLOW_ON_BOTH_BACKENDS(ApiTest);

}  // namespace
}  // namespace ecomflow
