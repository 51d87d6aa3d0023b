#pragma once
/// librdkafka's built-in mock Kafka cluster: brokers speaking the real
/// protocol on 127.0.0.1, living as long as this object. `ecomflow
/// kafka-mock` runs one for tests, benchmarks and demos.

#include <string>

#include "stream/kafka_client.hpp"

struct rd_kafka_mock_cluster_s;

namespace ecomflow {

/// A running mock cluster with one topic created.
class MockCluster {
 public:
  /// Starts `brokers` brokers and creates `topic` with `partitions`
  /// partitions (replication min(brokers, 3)). Throws UserError on failure.
  MockCluster(int brokers, const std::string& topic, int partitions);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  /// `host:port,...` of the brokers, for `bootstrap.servers`.
  std::string bootstraps() const;

  /// Makes the next `count` requests of Kafka API `api_key` fail with
  /// `error` (fault injection).
  void push_request_errors(int api_key, int count, rd_kafka_resp_err_t error);
  /// Takes broker `broker_id` (1-based) down or brings it back up.
  void set_broker_up(int broker_id, bool up);

 private:
  KafkaHandle owner_;  ///< the handle whose threads run the cluster
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
};

}  // namespace ecomflow
