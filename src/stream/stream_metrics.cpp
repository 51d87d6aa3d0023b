#include "stream/stream_metrics.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include "core/error.hpp"

namespace ecomflow {

void StreamMetrics::update(std::vector<PartitionMetrics> partitions, int64_t open_windows,
                           int64_t open_sessions, int64_t state_bytes, double events_per_second) {
  std::lock_guard lock(mutex_);
  partitions_ = std::move(partitions);
  open_windows_ = open_windows;
  open_sessions_ = open_sessions;
  state_bytes_ = state_bytes;
  events_per_second_ = events_per_second;
}

void StreamMetrics::observe_commit(double seconds) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < kCommitBuckets.size(); ++i)
    if (seconds <= kCommitBuckets[i]) ++commit_buckets_[i];
  ++commits_;
  commit_seconds_ += seconds;
}

std::string StreamMetrics::text() const {
  std::lock_guard lock(mutex_);
  std::string out;
  const auto header = [&](const char* name, const char* type, const char* help) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  };
  header("ecomflow_stream_messages_total", "counter", "Messages consumed per partition and outcome.");
  for (const PartitionMetrics& p : partitions_) {
    const std::pair<const char*, int64_t> outcomes[] = {{"consumed", p.counts.consumed},
                                                        {"valid", p.counts.valid},
                                                        {"quarantined", p.counts.quarantined},
                                                        {"duplicate", p.counts.duplicates},
                                                        {"late", p.counts.late}};
    for (const auto& [outcome, value] : outcomes)
      out += fmt::format("ecomflow_stream_messages_total{{partition=\"{}\",outcome=\"{}\"}} {}\n",
                         p.partition, outcome, value);
  }
  header("ecomflow_stream_partition_lag", "gauge", "Messages between the consumer and the partition's end.");
  for (const PartitionMetrics& p : partitions_)
    out += fmt::format("ecomflow_stream_partition_lag{{partition=\"{}\"}} {}\n", p.partition, p.lag);
  header("ecomflow_stream_watermark_delay_seconds", "gauge",
         "Wall clock minus the partition's event-time watermark.");
  const TimestampUs now = now_utc();
  for (const PartitionMetrics& p : partitions_)
    if (p.watermark)
      out += fmt::format("ecomflow_stream_watermark_delay_seconds{{partition=\"{}\"}} {:.3f}\n", p.partition,
                         double(now - *p.watermark) / 1e6);
  header("ecomflow_stream_events_per_second", "gauge",
         "Messages consumed per second since the previous commit.");
  out += fmt::format("ecomflow_stream_events_per_second {:.1f}\n", events_per_second_);
  header("ecomflow_stream_open_windows", "gauge", "Windows held in memory.");
  out += fmt::format("ecomflow_stream_open_windows {}\n", open_windows_);
  header("ecomflow_stream_open_sessions", "gauge", "Sessions held in memory (open, stored as provisional).");
  out += fmt::format("ecomflow_stream_open_sessions {}\n", open_sessions_);
  header("ecomflow_stream_state_bytes", "gauge", "Approximate bytes of window state in memory.");
  out += fmt::format("ecomflow_stream_state_bytes {}\n", state_bytes_);
  header("ecomflow_stream_commit_seconds", "histogram", "Duration of database commits.");
  for (size_t i = 0; i < kCommitBuckets.size(); ++i)
    out += fmt::format("ecomflow_stream_commit_seconds_bucket{{le=\"{}\"}} {}\n", kCommitBuckets[i],
                       commit_buckets_[i]);
  out += fmt::format("ecomflow_stream_commit_seconds_bucket{{le=\"+Inf\"}} {}\n", commits_);
  out += fmt::format("ecomflow_stream_commit_seconds_sum {:.6f}\n", commit_seconds_);
  out += fmt::format("ecomflow_stream_commit_seconds_count {}\n", commits_);
  return out;
}

MetricsServer::MetricsServer(const std::string& listen, const StreamMetrics& metrics)
    : server_(std::make_unique<httplib::Server>()) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 || (port = std::atoi(listen.c_str() + colon + 1)) <= 0 ||
      port > 65535)
    throw UsageError(fmt::format("--metrics-listen '{}': expected HOST:PORT", listen));
  const std::string host = listen.substr(0, colon);
  server_->Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& response) {
    response.set_content(metrics.text(), "text/plain; version=0.0.4");
  });
  if (!server_->bind_to_port(host.c_str(), port))
    throw UserError(fmt::format("--metrics-listen: cannot listen on {}", listen));
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

MetricsServer::~MetricsServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ecomflow
