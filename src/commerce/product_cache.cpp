#include "commerce/product_cache.hpp"

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
    if (found == entries_.end() || found->second.expires <= std::chrono::steady_clock::now()) return std::nullopt;
    return found->second.product;
  }

  void put(const ShopProduct& product) override {
    std::lock_guard lock(mutex_);
    auto [entry, inserted] = entries_.try_emplace(product.product_id);
    const bool live = !inserted && entry->second.expires > std::chrono::steady_clock::now();
    if (live && entry->second.product.version > product.version) return;
    entry->second = {product, std::chrono::steady_clock::now() + ttl_};
  }

  void erase(const std::string& product_id) override {
    std::lock_guard lock(mutex_);
    entries_.erase(product_id);
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

/// Stores the fields unless the entry holds a higher version; refreshes the TTL.
constexpr const char* kPutScript = R"lua(
local held = redis.call('HGET', KEYS[1], 'version')
if held and tonumber(held) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'name', ARGV[2], 'category', ARGV[3],
           'price', ARGV[4], 'stock', ARGV[5], 'metadata', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[7])
return 1
)lua";

class RedisProductCache final : public ProductCache {
 public:
  RedisProductCache(RedisClient& redis, std::string prefix, std::chrono::seconds ttl)
      : redis_(redis), prefix_(std::move(prefix)), ttl_(ttl) {}

  std::optional<ShopProduct> get(const std::string& product_id) override {
    if (!synchronised()) return std::nullopt;
    const auto reply = redis_.command({"HGETALL", product_key(product_id)});
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
    redis_.command({"EVAL", kPutScript, "1", product_key(product.product_id), std::to_string(product.version),
                    product.product_name, product.category, std::to_string(product.price),
                    std::to_string(product.stock), product.metadata, std::to_string(ttl_.count())});
  }

  void erase(const std::string& product_id) override { redis_.command({"DEL", product_key(product_id)}); }

 private:
  /// True when no outage happened since the entries were last known good;
  /// otherwise drops every product entry first.
  bool synchronised() {
    const uint64_t epoch = redis_.outage_epoch();
    if (epoch == synced_epoch_.load()) return true;
    std::lock_guard lock(resync_mutex_);
    if (epoch == synced_epoch_.load()) return true;
    std::string cursor = "0";
    do {
      const auto reply = redis_.command({"SCAN", cursor, "MATCH", prefix_ + "product:*", "COUNT", "1000"});
      if (!reply || reply->elements.size() != 2) return false;
      cursor = reply->elements[0].text;
      std::vector<std::string> del{"DEL"};
      for (const RedisReply& key : reply->elements[1].elements) del.push_back(key.text);
      if (del.size() > 1 && !redis_.command(del)) return false;
    } while (cursor != "0");
    // A failure during the sweep moved the epoch on: the next call sweeps again.
    synced_epoch_ = epoch;
    return epoch == redis_.outage_epoch();
  }

  std::string product_key(const std::string& product_id) const { return prefix_ + "product:" + product_id; }

  RedisClient& redis_;
  const std::string prefix_;
  const std::chrono::seconds ttl_;
  std::mutex resync_mutex_;  // one sweep at a time
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
