#pragma once
/// Prometheus text metrics of the HTTP server: requests by route, method and
/// status, and a latency histogram per route. Recording takes one short lock;
/// routes are few, so the table stays small.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace ecomflow {

/// Request counters and latency histograms, filled by the server's request hook.
class HttpMetrics {
 public:
  /// Upper bounds (seconds) of the latency buckets; +Inf is implied.
  static constexpr std::array<double, 12> kBucketBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  /// Counts one finished request.
  void record(std::string_view method, std::string_view route, int status, std::chrono::nanoseconds duration);

  /// `ecomflow_http_requests_total` and `ecomflow_http_request_duration_seconds` as Prometheus text.
  std::string render() const;

 private:
  struct Latency {
    std::array<uint64_t, kBucketBounds.size()> buckets{};  // per bound, not cumulative
    uint64_t count = 0;
    double sum_seconds = 0;
  };
  mutable std::mutex mutex_;                                                // guards requests_ and latency_
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // (route, method, status)
  std::map<std::string, Latency, std::less<>> latency_;                     // by route
};

/// A Prometheus label value with `\`, `"` and newlines escaped.
std::string prometheus_label(std::string_view value);

}  // namespace ecomflow
