#pragma once
/// Thin RAII over librdkafka handles: configuration from key/value pairs,
/// handles that destroy themselves, and librdkafka errors turned into
/// UserErrors that name the brokers and topic.

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ecomflow {

/// Destroys a librdkafka handle.
struct KafkaHandleDeleter {
  void operator()(rd_kafka_t* handle) const;
};
/// An owned producer or consumer handle.
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;

/// librdkafka configuration properties, applied in order.
using KafkaConfig = std::map<std::string, std::string>;

/// Parses `KEY=VALUE` librdkafka properties (the `--kafka` flag); throws
/// UsageError for one without `=`.
KafkaConfig parse_kafka_properties(const std::vector<std::string>& properties);

/// Creates a handle of `type` from `config`; throws UsageError for a property
/// librdkafka refuses and UserError when the handle cannot be created.
KafkaHandle make_kafka_handle(rd_kafka_type_t type, const KafkaConfig& config,
                              void (*configure)(rd_kafka_conf_t*, void*) = nullptr, void* opaque = nullptr);

/// How many partitions `topic` has, asked of the brokers; throws UserError
/// naming the brokers when they cannot be reached within `timeout_ms`, or
/// when the topic does not exist.
int topic_partition_count(rd_kafka_t* handle, const std::string& topic, const std::string& brokers,
                          int timeout_ms);

}  // namespace ecomflow
