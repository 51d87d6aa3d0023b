#pragma once
/// `ecomflow monitor`'s assessment: is the pipeline running on time, is the
/// data fresh and of normal volume, is quality getting worse, does the
/// database answer — each a component with a level, and an overall score.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// Health, from best to worst; the overall level is the worst component's.
enum class HealthLevel { kHealthy, kDegraded, kCritical };

/// `healthy`, `degraded` or `critical`.
std::string_view health_level_name(HealthLevel level);

/// Thresholds of the assessment.
struct MonitorOptions {
  double max_run_age_hours = 25;  ///< last run older than this: critical (a daily run was missed)
  double freshness_hours = 48;    ///< newest event older than this: degraded
  int volume_days = 7;            ///< trailing days for the volume z-score
  double z_threshold = 3;         ///< |z| above this: degraded
  int trend_checks = 5;           ///< check batches looked at for the quality trend
};

/// One assessed aspect.
struct HealthComponent {
  std::string name;  ///< database, last_run, freshness, volume, quality_trend
  HealthLevel level = HealthLevel::kHealthy;
  std::string value;    ///< what was measured, for people: `12 ms`, `3.2 h ago`
  std::string message;  ///< why it is not healthy, or a note
};

/// The whole assessment.
struct HealthReport {
  std::string generated_at;
  std::string database;  ///< the URL without its password
  HealthLevel level = HealthLevel::kHealthy;
  int score = 100;  ///< 0–100: 100 minus 15 per degraded and 40 per critical component; 0 without a database
  std::optional<double> latency_ms;
  std::vector<HealthComponent> components;

  /// The components that are not healthy, as one-line alerts.
  std::vector<std::string> alerts() const;
};

/// Assesses the database at `database_url`. A database that cannot be
/// reached makes the report critical; it never throws for that.
HealthReport assess_health(const std::string& database_url, const MonitorOptions& options);

/// The report as a JSON document (reports/monitoring_report.json, webhook body).
std::string health_report_json(const HealthReport& report);

}  // namespace ecomflow
