#pragma once
/// A Shop on a scratch database with a small catalog, in each of the four
/// set-ups: SQLite or PostgreSQL, with or without Redis (a key prefix of
/// its own per test, so tests share one Redis server safely).

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <memory>
#include <random>
#include <string>

#include "commerce/shop.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"
#include "support/test_env.hpp"

namespace ecomflow::testing {

/// `sqlite`, `postgresql`, `sqlite_redis`, `postgresql_redis`.
class ShopTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string& setup = GetParam();
    if (setup.rfind("postgresql", 0) == 0) ECOMFLOW_REQUIRE_POSTGRES();
    if (with_redis() && redis_url().empty()) {
      if (std::getenv("ECOMFLOW_TEST_REQUIRE_SERVERS")) FAIL() << "no test Redis";
      GTEST_SKIP() << "no test Redis (run through `make test`)";
    }
    scratch_ = std::make_unique<ScratchDatabase>(setup.rfind("postgresql", 0) == 0 ? "postgresql" : "sqlite");
    migrate(db());
    db().execute(
        "INSERT INTO customers (customer_id, join_date, segment) VALUES ('c001', '2024-01-01', 'VIP'), "
        "('c002', '2024-01-02', 'New')");
    prefix_ = fmt::format("t{}:", std::random_device{}());
  }

  bool with_redis() const { return GetParam().find("redis") != std::string::npos; }
  Database& db() { return *scratch_->database; }
  const std::string& url() const { return scratch_->url; }

  /// Adds a product.
  void add_product(const std::string& id, const std::string& price, int64_t stock,
                   const std::string& category = "Books") {
    db().query(
        "INSERT INTO products (product_id, product_name, category, price, stock) VALUES ($1, $2, $3, $4, $5)",
        {id, "Product " + id, category, price, std::to_string(stock)});
  }
  /// Adds customers `prefix001…`.
  void add_customers(const std::string& prefix, int count) {
    for (int i = 1; i <= count; ++i)
      db().query(
          "INSERT INTO customers (customer_id, join_date, segment) VALUES ($1, '2024-01-01', 'Regular')",
          {customer_name(prefix, i)});
  }
  static std::string customer_name(const std::string& prefix, int i) {
    char name[32];
    std::snprintf(name, sizeof name, "%s%03d", prefix.c_str(), i);
    return name;
  }

  /// Options for a Shop over this test's database (and Redis when the set-up has it).
  ShopOptions options(size_t connections = 8) const {
    return ShopOptions{.database_url = url(),
                       .redis_url = with_redis() ? redis_url() : "",
                       .database_connections = connections,
                       .redis_key_prefix = prefix_};
  }

  int64_t scalar(const std::string& sql) {
    return std::stoll(db().query(sql).rows.at(0).at(0).value_or("0"));
  }

 private:
  std::unique_ptr<ScratchDatabase> scratch_;
  std::string prefix_;
};

}  // namespace ecomflow::testing

#define ECOMFLOW_ON_EVERY_SHOP_SETUP(suite)                                                               \
  INSTANTIATE_TEST_SUITE_P(Setups, suite,                                                                 \
                           ::testing::Values("sqlite", "postgresql", "sqlite_redis", "postgresql_redis"), \
                           [](const auto& info) { return info.param; })
