#include "commerce/top_products.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "commerce/product.hpp"

namespace ecomflow {
namespace {

void sort_best_first(std::vector<TopProduct>& products) {
  std::sort(products.begin(), products.end(), [](const TopProduct& a, const TopProduct& b) {
    return a.units_sold != b.units_sold ? a.units_sold > b.units_sold : a.product_id < b.product_id;
  });
}

std::vector<TopProduct> first(std::vector<TopProduct> products, size_t limit) {
  sort_best_first(products);
  if (products.size() > limit) products.resize(limit);
  return products;
}

/// What tells whether other processes placed orders: their count and the highest id.
std::pair<int64_t, int64_t> order_watermark(Database& database) {
  const QueryResult result = database.query("SELECT COUNT(*), COALESCE(MAX(order_id), 0) FROM orders");
  return {parse_integer(result.rows.at(0).at(0).value_or("0")).value_or(0),
          parse_integer(result.rows.at(0).at(1).value_or("0")).value_or(0)};
}

/// In process: write-through for this process's orders, checked against the
/// orders table's count and highest id so orders placed by another process
/// (a CLI `order place` beside `serve`) trigger a rebuild.
class MemoryTopProducts final : public TopProductsCache {
 public:
  std::vector<TopProduct> top(Database& database, size_t limit) override {
    {
      const std::shared_lock hold(rebuild_mutex_);
      std::lock_guard lock(mutex_);
      if (built_ && order_watermark(database) == watermark_) return first(units_as_rows(), limit);
    }
    const std::unique_lock rebuild(rebuild_mutex_);
    std::lock_guard lock(mutex_);
    // The watermark is read before the sums: an order committed in between
    // is in the sums but not the watermark, which costs one more rebuild but
    // never a stale answer. This process's orders cannot commit meanwhile
    // (they hold() the shared side).
    built_ = false;
    watermark_ = order_watermark(database);
    units_.clear();
    for (const TopProduct& row : top_products_from_sql(database, std::nullopt))
      units_[row.product_id] = row.units_sold;
    built_ = true;
    return first(units_as_rows(), limit);
  }

  void record(int64_t order_id, const std::vector<CartLine>& lines) override {
    std::lock_guard lock(mutex_);
    if (!built_) return;
    for (const CartLine& line : lines) units_[line.product_id] += line.quantity;
    ++watermark_.first;
    watermark_.second = std::max(watermark_.second, order_id);
  }

 private:
  std::vector<TopProduct> units_as_rows() const {
    std::vector<TopProduct> rows;
    rows.reserve(units_.size());
    for (const auto& [id, units] : units_) rows.push_back({id, units});
    return rows;
  }

  std::mutex mutex_;
  bool built_ = false;                     // guarded by mutex_
  std::pair<int64_t, int64_t> watermark_;  // guarded by mutex_: orders folded in (count, max id)
  std::map<std::string, int64_t> units_;   // guarded by mutex_
};

/// In Redis: ZINCRBY per order line; rebuilt atomically (MULTI) from SQL at
/// start and after an outage.
class RedisTopProducts final : public TopProductsCache {
 public:
  RedisTopProducts(RedisClient& redis, std::string prefix)
      : redis_(redis), top_set_(std::move(prefix) + "top_products") {}

  std::vector<TopProduct> top(Database& database, size_t limit) override {
    if (!synchronised(database)) return top_products_from_sql(database, limit);
    const auto reply = redis_.command({"ZRANGE", top_set_, "0", "-1", "WITHSCORES"});
    if (!reply) return top_products_from_sql(database, limit);
    std::vector<TopProduct> rows;
    for (size_t i = 0; i + 1 < reply->elements.size(); i += 2)
      rows.push_back({reply->elements[i].text, parse_integer(reply->elements[i + 1].text).value_or(0)});
    return first(std::move(rows), limit);
  }

  void record(int64_t, const std::vector<CartLine>& lines) override {
    if (synced_epoch_.load() != redis_.outage_epoch()) return;  // the next read rebuilds
    std::vector<std::vector<std::string>> commands{{"MULTI"}};
    for (const CartLine& line : lines)
      commands.push_back({"ZINCRBY", top_set_, std::to_string(line.quantity), line.product_id});
    commands.push_back({"EXEC"});
    redis_.pipeline(commands);  // a failure moves the outage epoch: the next read rebuilds
  }

 private:
  bool synchronised(Database& database) {
    const uint64_t epoch = redis_.outage_epoch();
    if (epoch == synced_epoch_.load()) return true;
    const std::unique_lock rebuild(rebuild_mutex_);
    if (epoch == synced_epoch_.load()) return true;
    std::vector<std::vector<std::string>> commands{{"MULTI"}, {"DEL", top_set_}};
    std::vector<std::string> add{"ZADD", top_set_};
    for (const TopProduct& row : top_products_from_sql(database, std::nullopt)) {
      add.push_back(std::to_string(row.units_sold));
      add.push_back(row.product_id);
    }
    if (add.size() > 2) commands.push_back(add);
    commands.push_back({"EXEC"});
    if (!redis_.pipeline(commands)) return false;
    synced_epoch_ = epoch;
    return epoch == redis_.outage_epoch();
  }

  RedisClient& redis_;
  const std::string top_set_;
  std::atomic<uint64_t> synced_epoch_{~uint64_t(0)};
};

}  // namespace

std::vector<TopProduct> top_products_from_sql(Database& database, std::optional<size_t> limit) {
  const QueryResult result = database.query(fmt::format(
      "SELECT i.product_id, SUM(i.quantity) AS units FROM order_items i JOIN orders o ON o.order_id = "
      "i.order_id WHERE o.status <> 'cancelled' GROUP BY i.product_id ORDER BY units DESC, "
      "i.product_id{}",
      limit ? fmt::format(" LIMIT {}", *limit) : ""));
  std::vector<TopProduct> rows;
  rows.reserve(result.rows.size());
  for (const auto& row : result.rows)
    rows.push_back({row[0].value_or(""), parse_integer(row[1].value_or("0")).value_or(0)});
  return rows;
}

std::unique_ptr<TopProductsCache> make_memory_top_products() { return std::make_unique<MemoryTopProducts>(); }

std::unique_ptr<TopProductsCache> make_redis_top_products(RedisClient& redis, std::string key_prefix) {
  return std::make_unique<RedisTopProducts>(redis, std::move(key_prefix));
}

}  // namespace ecomflow
