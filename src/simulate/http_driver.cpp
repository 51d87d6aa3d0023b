/// ShopDriver over the JSON API of a running `ecomflow serve` (a plain
/// cpp-httplib client: the simulator sits beside serve, not on top of it).

#include <fmt/format.h>
#include <httplib.h>
#include <simdjson.h>

#include <map>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/logging.hpp"
#include "simulate/shop_driver.hpp"

namespace ecomflow {
namespace {

std::string quantity_body(int64_t quantity) { return fmt::format("{{\"quantity\":{}}}", quantity); }

int64_t integer(simdjson::ondemand::object& object, std::string_view key) {
  int64_t value = 0;
  if (object[key].get_int64().get(value)) throw UserError(fmt::format("the shop's answer lacks \"{}\"", key));
  return value;
}

std::string text(simdjson::ondemand::object& object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value))
    throw UserError(fmt::format("the shop's answer lacks \"{}\"", key));
  return std::string(value);
}

class HttpDriver final : public ShopDriver {
 public:
  HttpDriver(std::string base_url, std::string token)
      : base_url_(std::move(base_url)), token_(std::move(token)) {}

  void add_to_cart(const std::string& customer, const std::string& product, int64_t quantity) override {
    expect(send("POST", fmt::format("/api/carts/{}/items", customer),
                fmt::format("{{\"product_id\":\"{}\",\"quantity\":{}}}", json_escape(product), quantity)),
           200, "add to cart");
  }
  void set_quantity(const std::string& customer, const std::string& product, int64_t quantity) override {
    expect(send("PUT", fmt::format("/api/carts/{}/items/{}", customer, product), quantity_body(quantity)),
           200, "set a cart quantity");
  }
  std::vector<DriverCartLine> cart(const std::string& customer) override {
    const httplib::Result result = send("GET", fmt::format("/api/carts/{}", customer), "");
    expect(result, 200, "read a cart");
    std::vector<DriverCartLine> lines;
    parse(result->body, [&](simdjson::ondemand::object& root) {
      for (auto item : root["items"].get_array()) {
        simdjson::ondemand::object line = item.get_object();
        std::string product_id = text(line, "product_id");
        lines.push_back({std::move(product_id), integer(line, "quantity")});
      }
    });
    return lines;
  }
  void clear_cart(const std::string& customer) override {
    expect(send("DELETE", fmt::format("/api/carts/{}", customer), ""), 200, "empty a cart");
  }

  DriverCheckout checkout(const std::string& customer, const std::string& idempotency_key) override {
    const httplib::Result result =
        send("POST", "/api/orders",
             fmt::format("{{\"customer_id\":\"{}\",\"payment_method\":\"card\"}}", json_escape(customer)),
             idempotency_key);
    if (!result) expect(result, 201, "check out");
    DriverCheckout checkout;
    if (result->status == 201 || result->status == 200) {
      parse(result->body, [&](simdjson::ondemand::object& root) {
        checkout.total = integer(root, "total_cents");
        for (auto item : root["items"].get_array()) {
          simdjson::ondemand::object line = item.get_object();
          std::string product_id = text(line, "product_id");
          const int64_t quantity = integer(line, "quantity");
          checkout.items.push_back({std::move(product_id), quantity, integer(line, "unit_price_cents")});
        }
      });
      return checkout;
    }
    if (result->status == 409 && result->body.find("\"out_of_stock\"") != std::string::npos) {
      checkout.outcome = DriverCheckout::Outcome::kOutOfStock;
      parse(result->body, [&](simdjson::ondemand::object& root) {
        for (auto item : root["shortages"].get_array()) {
          simdjson::ondemand::object line = item.get_object();
          std::string product_id = text(line, "product_id");
          const int64_t requested = integer(line, "requested");
          checkout.shortages.push_back({std::move(product_id), requested, integer(line, "available")});
        }
      });
      return checkout;
    }
    if (result->status == 409 && result->body.find("\"empty_cart\"") != std::string::npos) {
      checkout.outcome = DriverCheckout::Outcome::kEmptyCart;
      return checkout;
    }
    expect(result, 201, "check out");
    return checkout;
  }

  std::string describe() const override { return "api " + base_url_; }

 private:
  /// This thread's client: a httplib::Client is not shared between threads.
  httplib::Client& client() {
    const std::lock_guard lock(mutex_);
    std::unique_ptr<httplib::Client>& client = clients_[std::this_thread::get_id()];
    if (!client) {
      client = std::make_unique<httplib::Client>(base_url_);
      client->set_keep_alive(true);
      client->set_tcp_nodelay(true);
      client->set_connection_timeout(5);
      client->set_read_timeout(30);
      if (!token_.empty()) client->set_bearer_token_auth(token_);
    }
    return *client;
  }

  httplib::Result send(const char* method, const std::string& path, const std::string& body,
                       const std::string& idempotency_key = "") {
    httplib::Headers headers;
    if (!idempotency_key.empty()) headers.emplace("Idempotency-Key", idempotency_key);
    httplib::Client& http = client();
    const std::string_view verb = method;
    if (verb == "GET") return http.Get(path, headers);
    if (verb == "DELETE") return http.Delete(path, headers);
    if (verb == "PUT") return http.Put(path, headers, body, "application/json");
    return http.Post(path, headers, body, "application/json");
  }

  void expect(const httplib::Result& result, int status, const char* what) {
    if (!result)
      throw UserError(fmt::format("cannot reach the shop at {} to {}: {}", base_url_, what,
                                  httplib::to_string(result.error())));
    if (result->status != status)
      throw UserError(fmt::format("the shop at {} refused to {}: HTTP {} {}", base_url_, what, result->status,
                                  result->body.substr(0, 200)));
  }

  template <typename Read>
  void parse(const std::string& body, Read read) {
    simdjson::ondemand::parser parser;
    const simdjson::padded_string padded(body);
    try {
      simdjson::ondemand::document document = parser.iterate(padded);
      simdjson::ondemand::object root = document.get_object();
      read(root);
    } catch (const simdjson::simdjson_error& error) {
      throw UserError(fmt::format("unreadable answer from the shop at {}: {}", base_url_, error.what()));
    }
  }

  std::string base_url_;
  std::string token_;
  std::mutex mutex_;  // guards clients_
  std::map<std::thread::id, std::unique_ptr<httplib::Client>> clients_;
};

}  // namespace

std::unique_ptr<ShopDriver> make_http_driver(const std::string& base_url, const std::string& token) {
  return std::make_unique<HttpDriver>(base_url, token);
}

}  // namespace ecomflow
