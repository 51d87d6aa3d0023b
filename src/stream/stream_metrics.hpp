#pragma once
/// The stream's numbers for Prometheus (`--metrics-listen`): per-partition
/// outcomes and lag, watermark delay, open windows, state bytes, events per
/// second and a commit latency histogram, served as text by a small HTTP
/// server on its own thread.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/time.hpp"
#include "stream/stream_partition.hpp"

namespace httplib {
class Server;
}

namespace ecomflow {

/// One partition as the metrics show it.
struct PartitionMetrics {
  int32_t partition;
  PartitionCounts counts;  ///< cumulative, as stored
  int64_t lag;             ///< messages between the consumer and the partition's end (-1 unknown)
  std::optional<TimestampUs> watermark;
};

/// A snapshot of the stream, replaced by the consumer loop, read by scrapes.
class StreamMetrics {
 public:
  /// Upper bounds (seconds) of the commit latency histogram.
  static constexpr std::array<double, 10> kCommitBuckets{0.005, 0.01, 0.025, 0.05, 0.1,
                                                         0.25,  0.5,  1,     2.5,  10};

  /// Replaces the per-partition and state figures.
  void update(std::vector<PartitionMetrics> partitions, int64_t open_windows, int64_t open_sessions,
              int64_t state_bytes, double events_per_second);
  /// Records one commit's duration.
  void observe_commit(double seconds);
  /// The Prometheus text exposition.
  std::string text() const;

 private:
  mutable std::mutex mutex_;  ///< guards every member below
  std::vector<PartitionMetrics> partitions_;
  int64_t open_windows_ = 0;
  int64_t open_sessions_ = 0;
  int64_t state_bytes_ = 0;
  double events_per_second_ = 0;
  std::array<int64_t, kCommitBuckets.size()> commit_buckets_{};
  int64_t commits_ = 0;
  double commit_seconds_ = 0;
};

/// Serves `GET /metrics` on HOST:PORT until destroyed.
class MetricsServer {
 public:
  /// Binds `listen` (`127.0.0.1:9464`); throws UsageError for a bad address
  /// and UserError when the port cannot be bound.
  MetricsServer(const std::string& listen, const StreamMetrics& metrics);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace ecomflow
