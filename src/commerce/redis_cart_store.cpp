/// Carts in Redis: `cart:{customer}` hashes (product → quantity) with an
/// expiry, and the `cart_expiry` sorted set for abandoned carts.

#include <algorithm>
#include <memory>

#include "commerce/cart_store.hpp"
#include "commerce/product.hpp"

namespace ecomflow {
namespace {

class RedisCartStore final : public CartStore {
 public:
  RedisCartStore(RedisClient& redis, std::string prefix, std::chrono::seconds ttl)
      : redis_(redis), prefix_(std::move(prefix)), expiry_set_(prefix_ + "cart_expiry"), ttl_(ttl) {}

  std::optional<Cart> get(const std::string& customer_id, Database*) override {
    const auto replies =
        redis_.pipeline({{"HGETALL", cart_key(customer_id)}, {"TTL", cart_key(customer_id)}});
    if (!replies) return std::nullopt;
    Cart cart{.customer_id = customer_id};
    const RedisReply& fields = (*replies)[0];
    for (size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
      const int64_t quantity = parse_integer(fields.elements[i + 1].text).value_or(0);
      if (quantity > 0) cart.items.push_back({fields.elements[i].text, quantity});
    }
    std::sort(cart.items.begin(), cart.items.end(),
              [](const CartLine& a, const CartLine& b) { return a.product_id < b.product_id; });
    if (!cart.items.empty()) cart.expires_at = unix_now() + std::max<int64_t>(0, (*replies)[1].integer);
    return cart;
  }

  std::optional<int64_t> add(const std::string& customer_id, const std::string& product_id, int64_t quantity,
                             int64_t max_quantity, Database*) override {
    const std::string key = cart_key(customer_id);
    const auto replies =
        redis_.pipeline({{"MULTI"},
                         {"HINCRBY", key, product_id, std::to_string(quantity)},
                         {"EXPIRE", key, std::to_string(ttl_.count())},
                         {"ZADD", expiry_set_, std::to_string(unix_now() + ttl_.count()), customer_id},
                         {"EXEC"}});
    if (!replies || replies->back().elements.empty()) return std::nullopt;
    const int64_t total = replies->back().elements[0].integer;
    if (total <= max_quantity) return total;
    // Over the limit: take the addition back.
    const auto undo = redis_.command({"HINCRBY", key, product_id, std::to_string(-quantity)});
    if (!undo) return std::nullopt;
    if (undo->integer <= 0) redis_.command({"HDEL", key, product_id});
    return -1;
  }

  bool set(const std::string& customer_id, const std::string& product_id, int64_t quantity,
           Database*) override {
    const std::string key = cart_key(customer_id);
    std::vector<std::string> change =
        quantity > 0 ? std::vector<std::string>{"HSET", key, product_id, std::to_string(quantity)}
                     : std::vector<std::string>{"HDEL", key, product_id};
    const auto replies =
        redis_.pipeline({{"MULTI"},
                         change,
                         {"EXPIRE", key, std::to_string(ttl_.count())},
                         {"ZADD", expiry_set_, std::to_string(unix_now() + ttl_.count()), customer_id},
                         {"HLEN", key},
                         {"EXEC"}});
    if (!replies || replies->back().elements.size() < 4) return false;
    // A cart emptied by hand is not an abandoned one.
    if (replies->back().elements[3].integer == 0)
      return redis_.command({"ZREM", expiry_set_, customer_id}).has_value();
    return true;
  }

  bool clear(const std::string& customer_id, Database*) override {
    const auto replies = redis_.pipeline(
        {{"MULTI"}, {"DEL", cart_key(customer_id)}, {"ZREM", expiry_set_, customer_id}, {"EXEC"}});
    return replies.has_value();
  }

  std::optional<int64_t> abandoned() override {
    const auto reply = redis_.command({"ZCOUNT", expiry_set_, "-inf", std::to_string(unix_now())});
    if (!reply) return std::nullopt;
    return reply->integer;
  }

 private:
  std::string cart_key(const std::string& customer_id) const { return prefix_ + "cart:" + customer_id; }

  RedisClient& redis_;
  const std::string prefix_;
  const std::string expiry_set_;
  const std::chrono::seconds ttl_;
};

}  // namespace

std::unique_ptr<CartStore> make_redis_cart_store(RedisClient& redis, std::string key_prefix,
                                                 std::chrono::seconds ttl) {
  return std::make_unique<RedisCartStore>(redis, std::move(key_prefix), ttl);
}

}  // namespace ecomflow
