#include "commerce/product_cache.hpp"

#include <atomic>
#include <mutex>
#include <unordered_map>

namespace ecomflow {
namespace {

class MemoryProductCache final : public ProductCache {
 public:
  explicit MemoryProductCache(std::chrono::seconds ttl) : ttl_(ttl) {}

  std::optional<ShopProduct> get(const std::string& product_id) override {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(product_id);
    if (found == entries_.end() || found->second.expires <= std::chrono::steady_clock::now())
      return std::nullopt;
    return found->second.product;
  }

  void put(const ShopProduct& product) override {
    std::lock_guard lock(mutex_);
    auto [entry, inserted] = entries_.try_emplace(product.product_id);
    const bool live = !inserted && entry->second.expires > std::chrono::steady_clock::now();
    if (live && entry->second.product.version > product.version) return;
    entry->second = {product, std::chrono::steady_clock::now() + ttl_};
  }

  bool retire_all() override {
    std::lock_guard lock(mutex_);
    entries_.clear();
    return true;
  }

 private:
  struct Entry {
    ShopProduct product;
    std::chrono::steady_clock::time_point expires;
  };
  const std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
};

// Entries live under `<prefix>product:<generation>:<id>`; the generation
// (`<prefix>product_generation`) is read inside each script, so one INCR
// retires every entry at once for every process sharing the server.

/// ARGV: prefix, id. The entry's fields, or an empty list.
constexpr const char* kGetScript = R"lua(
local generation = redis.call('GET', ARGV[1] .. 'product_generation') or '0'
return redis.call('HGETALL', ARGV[1] .. 'product:' .. generation .. ':' .. ARGV[2])
)lua";

/// ARGV: prefix, id, version, name, category, price, stock, metadata, ttl.
/// Stores the fields unless the entry holds a higher version; refreshes the TTL.
constexpr const char* kPutScript = R"lua(
local generation = redis.call('GET', ARGV[1] .. 'product_generation') or '0'
local key = ARGV[1] .. 'product:' .. generation .. ':' .. ARGV[2]
local held = redis.call('HGET', key, 'version')
if held and tonumber(held) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', key, 'version', ARGV[3], 'name', ARGV[4], 'category', ARGV[5],
           'price', ARGV[6], 'stock', ARGV[7], 'metadata', ARGV[8])
redis.call('EXPIRE', key, ARGV[9])
return 1
)lua";

class RedisProductCache final : public ProductCache {
 public:
  RedisProductCache(RedisClient& redis, std::string prefix, std::chrono::seconds ttl)
      : redis_(redis), prefix_(std::move(prefix)), ttl_(ttl) {}

  std::optional<ShopProduct> get(const std::string& product_id) override {
    if (!synchronised()) return std::nullopt;
    const auto reply = redis_.command({"EVAL", kGetScript, "0", prefix_, product_id});
    if (!reply || reply->elements.size() < 12) return std::nullopt;
    ShopProduct product{.product_id = product_id};
    bool complete = true;
    for (size_t i = 0; i + 1 < reply->elements.size(); i += 2) {
      const std::string& field = reply->elements[i].text;
      const std::string& value = reply->elements[i + 1].text;
      if (field == "version")
        product.version = parse_integer(value).value_or(-1);
      else if (field == "name")
        product.product_name = value;
      else if (field == "category")
        product.category = value;
      else if (field == "price")
        complete &= (product.price = parse_integer(value).value_or(-1)) >= 0;
      else if (field == "stock")
        product.stock = parse_integer(value).value_or(0);
      else if (field == "metadata")
        product.metadata = value;
    }
    if (!complete) return std::nullopt;
    return product;
  }

  void put(const ShopProduct& product) override {
    if (!synchronised()) return;
    redis_.command({"EVAL", kPutScript, "0", prefix_, product.product_id, std::to_string(product.version),
                    product.product_name, product.category, std::to_string(product.price),
                    std::to_string(product.stock), product.metadata, std::to_string(ttl_.count())});
  }

  /// A new generation: every process sharing the server misses from the
  /// next lookup on and refills from the database.
  bool retire_all() override { return redis_.command({"INCR", prefix_ + "product_generation"}).has_value(); }

 private:
  /// True when no outage happened since the entries were last known good;
  /// otherwise retires every entry first (a new generation).
  bool synchronised() {
    const uint64_t epoch = redis_.outage_epoch();
    if (epoch == synced_epoch_.load()) return true;
    if (!redis_.command({"INCR", prefix_ + "product_generation"})) return false;
    // A failure since the epoch was read moved it on: the next call retires again.
    uint64_t expected = synced_epoch_.load();
    synced_epoch_.compare_exchange_strong(expected, epoch);
    return epoch == redis_.outage_epoch();
  }

  RedisClient& redis_;
  const std::string prefix_;
  const std::chrono::seconds ttl_;
  std::atomic<uint64_t> synced_epoch_{~uint64_t(0)};
};

}  // namespace

std::unique_ptr<ProductCache> make_memory_product_cache(std::chrono::seconds ttl) {
  return std::make_unique<MemoryProductCache>(ttl);
}

std::unique_ptr<ProductCache> make_redis_product_cache(RedisClient& redis, std::string key_prefix,
                                                       std::chrono::seconds ttl) {
  return std::make_unique<RedisProductCache>(redis, std::move(key_prefix), ttl);
}

}  // namespace ecomflow
