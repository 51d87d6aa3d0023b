#include "quality/webhook.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "core/error.hpp"

namespace ecomflow {
namespace {

/// A local HTTP receiver on 127.0.0.1 that answers 503 to the first
/// `failures` POSTs, then 200, and keeps what it received.
class Receiver {
 public:
  explicit Receiver(int failures) : failures_(failures) {
    server_.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      ++posts_;
      content_type_ = request.get_header_value("Content-Type");
      if (posts_ <= failures_) {
        response.status = 503;
        return;
      }
      body_ = request.body;
      response.status = 200;
    });
    server_.Post("/gone", [this](const httplib::Request&, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      ++posts_;
      response.status = 404;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int posts() {
    std::lock_guard lock(mutex_);
    return posts_;
  }
  std::string body() {
    std::lock_guard lock(mutex_);
    return body_;
  }
  std::string content_type() {
    std::lock_guard lock(mutex_);
    return content_type_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  int failures_;
  std::mutex mutex_;
  int posts_ = 0;
  std::string body_;
  std::string content_type_;
};

WebhookOptions quick(int attempts) {
  WebhookOptions options;
  options.attempts = attempts;
  options.first_backoff = std::chrono::milliseconds(1);
  options.timeout = std::chrono::seconds(5);
  return options;
}

TEST(WebhookTest, DeliversJson) {
  Receiver receiver(0);
  const auto delivery = post_webhook(receiver.url("/hook"), R"({"status": "critical"})", quick(3));
  EXPECT_TRUE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 1);
  EXPECT_EQ(delivery.last_status, 200);
  EXPECT_EQ(receiver.posts(), 1);
  EXPECT_EQ(receiver.body(), R"({"status": "critical"})");
  EXPECT_EQ(receiver.content_type(), "application/json");
}

TEST(WebhookTest, RetriesAReceiverThatFailsFirst) {
  Receiver receiver(2);
  const auto delivery = post_webhook(receiver.url("/hook"), R"({"n": 1})", quick(4));
  EXPECT_TRUE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 3);
  EXPECT_EQ(receiver.posts(), 3);
  EXPECT_EQ(receiver.body(), R"({"n": 1})");
}

TEST(WebhookTest, GivesUpAfterTheLastAttempt) {
  Receiver receiver(10);
  const auto delivery = post_webhook(receiver.url("/hook"), "{}", quick(3));
  EXPECT_FALSE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 3);
  EXPECT_EQ(delivery.last_status, 503);
  EXPECT_EQ(delivery.error, "HTTP 503");
  EXPECT_EQ(receiver.posts(), 3);
}

TEST(WebhookTest, ClientErrorsAreNotRetried) {
  Receiver receiver(0);
  const auto delivery = post_webhook(receiver.url("/gone"), "{}", quick(4));
  EXPECT_FALSE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 1);
  EXPECT_EQ(delivery.last_status, 404);
  EXPECT_EQ(receiver.posts(), 1);
}

TEST(WebhookTest, NoReceiverIsRetriedThenReported) {
  std::string url;
  {
    Receiver gone(0);
    url = gone.url("/hook");
  }
  const auto delivery = post_webhook(url, "{}", quick(2));
  EXPECT_FALSE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 2);
  EXPECT_EQ(delivery.last_status, 0);
  EXPECT_FALSE(delivery.error.empty());
}

TEST(WebhookTest, BadUrlsAreUsageErrors) {
  EXPECT_THROW(post_webhook("ftp://example.com/x", "{}", quick(1)), UsageError);
  EXPECT_THROW(post_webhook("example.com/x", "{}", quick(1)), UsageError);
}

}  // namespace
}  // namespace ecomflow
