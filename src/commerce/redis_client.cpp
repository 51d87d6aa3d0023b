#include "commerce/redis_client.hpp"

#include <fmt/format.h>
#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "core/error.hpp"

namespace ecomflow {
namespace {

/// Short enough that a request falls back to the database without the
/// client noticing much; long enough for a loaded local server.
constexpr timeval kConnectTimeout{0, 300'000};
constexpr timeval kCommandTimeout{1, 0};
/// While Redis is down, try to reconnect at most this often.
constexpr auto kRetryInterval = std::chrono::milliseconds(500);

RedisReply convert(const redisReply* reply) {
  RedisReply out;
  switch (reply->type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = reply->integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::kError;
      out.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < reply->elements; ++i) out.elements.push_back(convert(reply->element[i]));
      break;
    default:
      break;
  }
  return out;
}

void append(redisContext* context, const std::vector<std::string>& arguments) {
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
  for (const std::string& argument : arguments) {
    pointers.push_back(argument.data());
    lengths.push_back(argument.size());
  }
  redisAppendCommandArgv(context, int(arguments.size()), pointers.data(), lengths.data());
}

}  // namespace

RedisAddress parse_redis_url(const std::string& url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.rfind(kScheme, 0) != 0)
    throw UsageError(fmt::format("--redis: expected redis://host:port/N, got '{}'", url.substr(0, 40)));
  RedisAddress address;
  std::string rest = url.substr(kScheme.size());
  if (const size_t at = rest.rfind('@'); at != std::string::npos) {
    std::string credentials = rest.substr(0, at);
    const size_t colon = credentials.find(':');
    address.password = colon == std::string::npos ? credentials : credentials.substr(colon + 1);
    rest = rest.substr(at + 1);
  }
  if (const size_t slash = rest.find('/'); slash != std::string::npos) {
    const std::string database = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!database.empty()) {
      const auto [end, error] =
          std::from_chars(database.data(), database.data() + database.size(), address.database);
      if (error != std::errc() || end != database.data() + database.size() || address.database < 0)
        throw UsageError("--redis: the database number after '/' must be a non-negative integer");
    }
  }
  if (const size_t colon = rest.rfind(':'); colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), address.port);
    if (error != std::errc() || end != port.data() + port.size() || address.port <= 0 || address.port > 65535)
      throw UsageError("--redis: the port must be 1-65535");
    rest = rest.substr(0, colon);
  }
  if (!rest.empty()) address.host = rest;
  return address;
}

RedisClient::RedisClient(const std::string& url) : address_(parse_redis_url(url)) {
  display_name_ = fmt::format("redis://{}:{}/{}", address_.host, address_.port, address_.database);
}

RedisClient::~RedisClient() {
  for (redisContext* context : idle_) redisFree(context);
}

redisContext* RedisClient::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      redisContext* context = idle_.back();
      idle_.pop_back();
      return context;
    }
    if (!up_ && std::chrono::steady_clock::now() < retry_after_) {
      ++failures_;
      return nullptr;
    }
  }
  redisContext* context = redisConnectWithTimeout(address_.host.c_str(), address_.port, kConnectTimeout);
  if (context == nullptr || context->err) {
    failed(context ? context->errstr : "out of memory");
    if (context) redisFree(context);
    return nullptr;
  }
  redisSetTimeout(context, kCommandTimeout);
  std::vector<std::vector<std::string>> setup;
  if (!address_.password.empty()) setup.push_back({"AUTH", address_.password});
  if (address_.database != 0) setup.push_back({"SELECT", std::to_string(address_.database)});
  for (const auto& arguments : setup) {
    append(context, arguments);
    void* raw = nullptr;
    if (redisGetReply(context, &raw) != REDIS_OK || raw == nullptr ||
        static_cast<redisReply*>(raw)->type == REDIS_REPLY_ERROR) {
      const std::string reason = raw ? std::string(static_cast<redisReply*>(raw)->str) : context->errstr;
      if (raw) freeReplyObject(raw);
      redisFree(context);
      failed(reason);
      return nullptr;
    }
    freeReplyObject(raw);
  }
  if (!up_.exchange(true)) spdlog::warn("Redis at {} is reachable again", display_name_);
  return context;
}

void RedisClient::give_back(redisContext* context) {
  std::lock_guard lock(mutex_);
  idle_.push_back(context);
}

void RedisClient::failed(const std::string& reason) {
  ++failures_;
  ++epoch_;
  {
    std::lock_guard lock(mutex_);
    retry_after_ = std::chrono::steady_clock::now() + kRetryInterval;
    // The other idle connections are most likely broken too.
    for (redisContext* context : idle_) redisFree(context);
    idle_.clear();
  }
  if (up_.exchange(false))
    spdlog::warn("Redis at {} is unavailable ({}): answering from the database until it is back",
                 display_name_, reason);
}

std::optional<RedisReply> RedisClient::command(const std::vector<std::string>& arguments) {
  auto replies = pipeline({arguments});
  if (!replies) return std::nullopt;
  return std::move(replies->front());
}

std::optional<std::vector<RedisReply>> RedisClient::pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  redisContext* context = borrow();
  if (context == nullptr) return std::nullopt;
  for (const auto& arguments : commands) append(context, arguments);
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context, &raw) != REDIS_OK || raw == nullptr) {
      const std::string reason = context->errstr;
      redisFree(context);
      failed(reason);
      return std::nullopt;
    }
    replies.push_back(convert(static_cast<redisReply*>(raw)));
    freeReplyObject(raw);
  }
  give_back(context);
  return replies;
}

}  // namespace ecomflow
