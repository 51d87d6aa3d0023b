#pragma once
/// `ecomflow stream`: consumes a topic as a member of a consumer group and
/// keeps the database's facts, windows, late events and offsets exactly
/// up to date, committing rows and offsets together.

#include <optional>
#include <string>

#include "core/time.hpp"
#include "stream/kafka_client.hpp"
#include "validate/contract.hpp"
#include "validate/deduplicator.hpp"

namespace ecomflow {

/// Everything `stream` needs to know.
struct StreamOptions {
  std::string brokers;
  std::string topic;
  std::string group = "ecomflow";
  std::string database_url = "sqlite:ecomflow.db";
  TimestampUs lateness =
      10 * 60 * kMicrosPerSecond;  ///< the watermark trails the latest event time by this much
  double idle_timeout_seconds =
      30;  ///< a partition without messages this long stops holding the watermark back
  double commit_interval_seconds = 1;
  /// Stop once every assigned partition is at its end and nothing arrived for this long.
  std::optional<double> until_idle_seconds;
  int connect_timeout_ms = 10'000;
  int64_t session_gap_us = 30 * 60 * kMicrosPerSecond;  ///< inactivity that ends a session without session_id
  ContractLimits limits;
  Deduplicator::Options dedupe;
  KafkaConfig extra;           ///< further librdkafka consumer properties
  std::string metrics_listen;  ///< HOST:PORT for Prometheus text at /metrics; empty = none
  /// Read and count messages only, nothing checked or written: the floor
  /// `make bench` measures the stream against.
  bool consume_only = false;
};

/// Runs until SIGINT/SIGTERM (commits what it has, returns 0) or, with
/// `until_idle_seconds`, until the input is drained (closes every window,
/// commits, returns 0). Throws UserError for what stops it.
int run_stream(const StreamOptions& options);

}  // namespace ecomflow
