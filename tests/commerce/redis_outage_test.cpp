/// Redis stopped and frozen under a running Shop: answers stay correct
/// from the database, and no entry cached before the outage survives it.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "commerce/shop.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

int free_port() {
  const int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(socket_fd);
  return ntohs(address.sin_port);
}

/// A redis-server of the test's own, so it can be frozen and killed.
class OwnRedis {
 public:
  OwnRedis() : port_(free_port()) {
    pid_ = fork();
    if (pid_ == 0) {
      const std::string port = std::to_string(port_);
      execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--loglevel", "warning", static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && !reachable(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~OwnRedis() { kill_now(); }
  bool reachable() const {
    return testing::run_command("redis-cli -p " + std::to_string(port_) + " ping >/dev/null 2>&1") == 0;
  }
  void freeze() { kill(pid_, SIGSTOP); }
  void thaw() { kill(pid_, SIGCONT); }
  void kill_now() {
    if (pid_ <= 0) return;
    kill(pid_, SIGCONT);
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }

 private:
  int port_;
  pid_t pid_ = -1;
};

class RedisOutageTest : public testing::BackendTest {};

TEST_P(RedisOutageTest, AnswersStayCorrectAndNothingStaleSurvives) {
  if (testing::run_command("command -v redis-server >/dev/null") != 0) GTEST_SKIP() << "no redis-server";
  OwnRedis redis;
  ASSERT_TRUE(redis.reachable());
  migrate(db());
  db().execute(
      "INSERT INTO customers (customer_id, join_date, segment) VALUES ('c001', '2024-01-01', 'VIP');"
      "INSERT INTO products (product_id, product_name, category, price, stock) VALUES "
      "('p001', 'Lamp', 'Home', 12.00, 10)");
  Shop cached(ShopOptions{.database_url = url(), .redis_url = redis.url(), .redis_key_prefix = "o:"});
  Shop direct(ShopOptions{.database_url = url()});  // another process, carts in the database
  ASSERT_EQ(cached.product("p001")->stock, 10);
  ASSERT_TRUE(cached.top_products(5).empty());
  ASSERT_TRUE(cached.status().redis_up);

  redis.freeze();
  ASSERT_EQ(direct.add_to_cart("c001", "p001", 3).error, CartError::kNone);
  ASSERT_EQ(direct.place_order({.customer_id = "c001"}).outcome, CheckoutOutcome::kCreated);
  EXPECT_EQ(cached.product("p001")->stock, 7);
  EXPECT_EQ(cached.top_products(5), top_products_from_sql(db(), 5));
  EXPECT_FALSE(cached.status().redis_up);
  EXPECT_GT(cached.status().redis_failures, 0u);

  // Back with the entry cached before the outage (stock 10) still in it.
  redis.thaw();
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_EQ(cached.product("p001")->stock, 7);
  EXPECT_EQ(cached.top_products(5), top_products_from_sql(db(), 5));
  EXPECT_EQ(cached.product("p001")->stock, 7);  // now from the refilled cache
  EXPECT_TRUE(cached.status().redis_up);

  redis.kill_now();
  EXPECT_EQ(cached.product("p001")->stock, 7);
  EXPECT_EQ(cached.top_products(5), top_products_from_sql(db(), 5));
  EXPECT_EQ(cached.add_to_cart("c001", "p001", 1).error, CartError::kUnavailable);
  EXPECT_EQ(cached.place_order({.customer_id = "c001"}).outcome, CheckoutOutcome::kCartUnavailable);
  EXPECT_EQ(std::stoll(*db().query("SELECT COUNT(*) FROM orders").rows.at(0).at(0)), 1);
}

ECOMFLOW_ON_BOTH_BACKENDS(RedisOutageTest);

}  // namespace
}  // namespace ecomflow
