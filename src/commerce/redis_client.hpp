#pragma once
/// A small thread-safe Redis client over hiredis (RESP2): a pool of
/// synchronous connections with short timeouts. Every command either
/// answers or returns nullopt quickly, so callers fall back to the
/// database while Redis is down.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct redisContext;

namespace ecomflow {

/// One reply, converted out of hiredis.
struct RedisReply {
  enum class Type { kNil, kInteger, kString, kStatus, kError, kArray };
  Type type = Type::kNil;
  int64_t integer = 0;
  std::string text;  ///< string, status or error text
  std::vector<RedisReply> elements;
};

/// Where a Redis server is: parsed from `redis://[:password@]host[:port][/db]`.
struct RedisAddress {
  std::string host = "127.0.0.1";
  int port = 6379;
  int database = 0;
  std::string password;
};

/// Parses a `redis://` URL. Throws UsageError.
RedisAddress parse_redis_url(const std::string& url);

/// A pool of Redis connections. Failures are counted, logged once per
/// outage, and bump `outage_epoch()` so caches know to resynchronise.
class RedisClient {
 public:
  explicit RedisClient(const std::string& url);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  /// Runs one command; nullopt when Redis cannot be reached (or timed out).
  std::optional<RedisReply> command(const std::vector<std::string>& arguments);
  /// Sends several commands in one round trip (wrap in MULTI/EXEC for
  /// atomicity); nullopt when any reply could not be read.
  std::optional<std::vector<RedisReply>> pipeline(const std::vector<std::vector<std::string>>& commands);

  /// True after the last command succeeded.
  bool up() const { return up_.load(); }
  /// Commands that failed because Redis was unreachable.
  uint64_t failures() const { return failures_.load(); }
  /// Increases on every failure: a cache synchronised at an older epoch may
  /// have missed a write and must resynchronise before it is trusted.
  uint64_t outage_epoch() const { return epoch_.load(); }
  /// The URL without any password.
  const std::string& display_name() const { return display_name_; }

 private:
  redisContext* borrow();
  void give_back(redisContext* context);
  void failed(const std::string& reason);

  RedisAddress address_;
  std::string display_name_;
  std::mutex mutex_;
  std::vector<redisContext*> idle_;                      // guarded by mutex_
  std::chrono::steady_clock::time_point retry_after_{};  // guarded by mutex_: no connect attempts before
  std::atomic<bool> up_{true};
  std::atomic<uint64_t> failures_{0};
  std::atomic<uint64_t> epoch_{0};
};

}  // namespace ecomflow
