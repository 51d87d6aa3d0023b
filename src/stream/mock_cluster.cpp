#include "stream/mock_cluster.hpp"

#include <fmt/format.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <vector>

#include "core/error.hpp"

namespace ecomflow {

MockCluster::MockCluster(int brokers, const std::string& topic, int partitions) {
  if (brokers < 1 || partitions < 1)
    throw UsageError("a mock cluster needs at least one broker and partition");
  // The cluster runs on the threads of the handle that creates it; this
  // handle never connects anywhere itself.
  owner_ = make_kafka_handle(RD_KAFKA_PRODUCER, {{"log_level", "3"}});
  cluster_ = rd_kafka_mock_cluster_new(owner_.get(), brokers);
  if (cluster_ == nullptr) throw UserError("cannot start librdkafka's mock Kafka cluster");
  const rd_kafka_resp_err_t error =
      rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, std::min(brokers, 3));
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw UserError(
        fmt::format("cannot create topic '{}' on the mock cluster: {}", topic, rd_kafka_err2str(error)));
}

MockCluster::~MockCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
}

std::string MockCluster::bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

void MockCluster::push_request_errors(int api_key, int count, rd_kafka_resp_err_t error) {
  std::vector<rd_kafka_resp_err_t> errors(size_t(std::max(count, 0)), error);
  rd_kafka_mock_push_request_errors_array(cluster_, int16_t(api_key), errors.size(), errors.data());
}

void MockCluster::set_broker_up(int broker_id, bool up) {
  const rd_kafka_resp_err_t error = up ? rd_kafka_mock_broker_set_up(cluster_, broker_id)
                                       : rd_kafka_mock_broker_set_down(cluster_, broker_id);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw UserError(fmt::format("mock broker {}: {}", broker_id, rd_kafka_err2str(error)));
}

}  // namespace ecomflow
