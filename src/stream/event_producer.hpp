#pragma once
/// Sends events to a Kafka topic: idempotent, acks=all, batched, keyed by
/// customer_id, counting what the brokers acknowledged.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "stream/kafka_client.hpp"

namespace ecomflow {

/// Where and how to produce.
struct ProducerOptions {
  std::string brokers;
  std::string topic;
  int connect_timeout_ms = 10'000;   ///< brokers or topic missing: error after this long
  int delivery_timeout_ms = 60'000;  ///< a message not acknowledged by then counts as failed
  KafkaConfig extra;                 ///< further librdkafka properties
};

/// An idempotent producer on one topic. Not thread-safe.
class EventProducer {
 public:
  /// Connects and checks that the topic exists; throws UserError otherwise.
  explicit EventProducer(const ProducerOptions& options);
  ~EventProducer();
  EventProducer(const EventProducer&) = delete;
  EventProducer& operator=(const EventProducer&) = delete;

  /// Queues one message (bytes copied); an empty key is sent as no key.
  /// Waits for room when the local queue is full.
  void send(std::string_view key, std::string_view value);
  /// Serves delivery reports without blocking.
  void poll() { rd_kafka_poll(handle_.get(), 0); }
  /// Waits until every queued message is acknowledged or has failed.
  void flush();

  int64_t queued() const { return queued_; }
  int64_t delivered() const { return delivered_.load(); }
  int64_t failed() const { return failed_.load(); }
  /// The first delivery error, or empty.
  const std::string& first_error() const { return first_error_; }

 private:
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque);

  ProducerOptions options_;
  KafkaHandle handle_;
  rd_kafka_topic_t* topic_ = nullptr;
  int64_t queued_ = 0;
  std::atomic<int64_t> delivered_{0};
  std::atomic<int64_t> failed_{0};
  std::string first_error_;  ///< written by the delivery callback, which runs inside poll()/flush()
};

}  // namespace ecomflow
