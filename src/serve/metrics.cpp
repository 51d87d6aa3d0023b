#include "serve/metrics.hpp"

#include <fmt/format.h>

namespace ecomflow {

std::string prometheus_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

void HttpMetrics::record(std::string_view method, std::string_view route, int status,
                         std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  size_t bucket = 0;
  while (bucket < kBucketBounds.size() && seconds > kBucketBounds[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  auto found = latency_.find(route);
  if (found == latency_.end()) found = latency_.emplace(std::string(route), Latency{}).first;
  Latency& latency = found->second;
  if (bucket < kBucketBounds.size()) ++latency.buckets[bucket];
  ++latency.count;
  latency.sum_seconds += seconds;
}

std::string HttpMetrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP ecomflow_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
      "# TYPE ecomflow_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("ecomflow_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       prometheus_label(route), prometheus_label(method), status, count);
  }
  out +=
      "# HELP ecomflow_http_request_duration_seconds Time from routing a request to its response, by route "
      "pattern.\n"
      "# TYPE ecomflow_http_request_duration_seconds histogram\n";
  for (const auto& [route, latency] : latency_) {
    const std::string label = prometheus_label(route);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketBounds.size(); ++i) {
      cumulative += latency.buckets[i];
      out += fmt::format("ecomflow_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         label, kBucketBounds[i], cumulative);
    }
    out += fmt::format("ecomflow_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       label, latency.count);
    out += fmt::format("ecomflow_http_request_duration_seconds_sum{{route=\"{}\"}} {:.9f}\n", label,
                       latency.sum_seconds);
    out += fmt::format("ecomflow_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label,
                       latency.count);
  }
  return out;
}

}  // namespace ecomflow
