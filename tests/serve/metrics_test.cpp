#include "serve/metrics.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(HttpMetricsTest, HistogramBucketsAreCumulative) {
  HttpMetrics metrics;
  using std::chrono::microseconds;
  metrics.record("GET", "/a", 200, microseconds(300));        // <= 0.0005
  metrics.record("GET", "/a", 200, microseconds(3000));       // <= 0.005
  metrics.record("GET", "/a", 503, std::chrono::seconds(5));  // only +Inf
  const std::string text = metrics.render();
  EXPECT_NE(text.find("ecomflow_http_requests_total{route=\"/a\",method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("ecomflow_http_requests_total{route=\"/a\",method=\"GET\",status=\"503\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("_bucket{route=\"/a\",le=\"0.0005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_bucket{route=\"/a\",le=\"0.0025\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{route=\"/a\",le=\"0.005\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{route=\"/a\",le=\"2.5\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{route=\"/a\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("_count{route=\"/a\"} 3\n"), std::string::npos);
}

TEST(HttpMetricsTest, LabelsAreEscaped) {
  EXPECT_EQ(prometheus_label("/api/(x)\\d\"\n"), "/api/(x)\\\\d\\\"\\n");
}

}  // namespace
}  // namespace ecomflow
