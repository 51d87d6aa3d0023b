#include "stream/kafka_client.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace ecomflow {

void KafkaHandleDeleter::operator()(rd_kafka_t* handle) const {
  if (handle != nullptr) rd_kafka_destroy(handle);
}

KafkaConfig parse_kafka_properties(const std::vector<std::string>& properties) {
  KafkaConfig config;
  for (const std::string& property : properties) {
    const size_t equals = property.find('=');
    if (equals == std::string::npos || equals == 0)
      throw UsageError(fmt::format("--kafka '{}': expected KEY=VALUE", property));
    config[property.substr(0, equals)] = property.substr(equals + 1);
  }
  return config;
}

KafkaHandle make_kafka_handle(rd_kafka_type_t type, const KafkaConfig& config,
                              void (*configure)(rd_kafka_conf_t*, void*), void* opaque) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [key, value] : config) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof(error)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw UsageError(fmt::format("Kafka setting {}={}: {}", key, value, error));
    }
  }
  if (configure != nullptr) configure(conf, opaque);
  if (opaque != nullptr) rd_kafka_conf_set_opaque(conf, opaque);
  // rd_kafka_new takes the configuration over only when it succeeds.
  rd_kafka_t* handle = rd_kafka_new(type, conf, error, sizeof(error));
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw UserError(fmt::format("cannot create a Kafka client: {}", error));
  }
  return KafkaHandle(handle);
}

int topic_partition_count(rd_kafka_t* handle, const std::string& topic, const std::string& brokers,
                          int timeout_ms) {
  // Asking for every topic never creates one, as asking for a single topic
  // may on brokers that auto-create topics.
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t error = rd_kafka_metadata(handle, 1, nullptr, &metadata, timeout_ms);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw UserError(fmt::format("cannot reach the Kafka brokers at {} within {} ms: {}", brokers, timeout_ms,
                                rd_kafka_err2str(error)));
  }
  int partitions = 0;
  rd_kafka_resp_err_t topic_error = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    if (topic != metadata->topics[i].topic) continue;
    topic_error = metadata->topics[i].err;
    partitions = metadata->topics[i].partition_cnt;
  }
  rd_kafka_metadata_destroy(metadata);
  if (topic_error != RD_KAFKA_RESP_ERR_NO_ERROR || partitions == 0) {
    throw UserError(fmt::format("topic '{}' is not available on the Kafka brokers at {}: {}", topic, brokers,
                                rd_kafka_err2str(topic_error)));
  }
  return partitions;
}

}  // namespace ecomflow
