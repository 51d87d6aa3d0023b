#include "stream/event_producer.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/error.hpp"

namespace ecomflow {

EventProducer::EventProducer(const ProducerOptions& options) : options_(options) {
  KafkaConfig config{
      {"bootstrap.servers", options.brokers},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"linger.ms", "5"},
      {"batch.num.messages", "10000"},
      {"compression.codec", "lz4"},
      // Java-compatible hashing that also sends keyless records to one
      // partition, so a replay partitions the same way every time.
      {"partitioner", "murmur2"},
      {"message.timeout.ms", std::to_string(options.delivery_timeout_ms)},
      {"log_level", "3"},
  };
  for (const auto& [key, value] : options.extra) config[key] = value;
  handle_ = make_kafka_handle(
      RD_KAFKA_PRODUCER, config,
      [](rd_kafka_conf_t* conf, void*) { rd_kafka_conf_set_dr_msg_cb(conf, &EventProducer::on_delivery); },
      this);
  topic_partition_count(handle_.get(), options.topic, options.brokers, options.connect_timeout_ms);
  topic_ = rd_kafka_topic_new(handle_.get(), options.topic.c_str(), nullptr);
}

EventProducer::~EventProducer() {
  if (topic_ != nullptr) rd_kafka_topic_destroy(topic_);
}

void EventProducer::send(std::string_view key, std::string_view value) {
  for (;;) {
    const int result =
        rd_kafka_produce(topic_, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, const_cast<char*>(value.data()),
                         value.size(), key.empty() ? nullptr : key.data(), key.size(), nullptr);
    if (result == 0) break;
    const rd_kafka_resp_err_t error = rd_kafka_last_error();
    if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL)
      throw UserError(fmt::format("cannot produce to {}: {}", options_.topic, rd_kafka_err2str(error)));
    rd_kafka_poll(handle_.get(), 50);  // the queue drains as deliveries are reported
  }
  ++queued_;
}

void EventProducer::flush() {
  while (delivered_ + failed_ < queued_) rd_kafka_flush(handle_.get(), 1000);
}

void EventProducer::on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<EventProducer*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++self->delivered_;
    return;
  }
  if (self->first_error_.empty()) self->first_error_ = rd_kafka_err2str(message->err);
  ++self->failed_;
}

}  // namespace ecomflow
