#include "quality/health_monitor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "core/logging.hpp"
#include "core/redact.hpp"
#include "quality/quality_store.hpp"
#include "quality/table_metrics.hpp"
#include "quality/table_names.hpp"
#include "store/database.hpp"
#include "store/database_lock.hpp"
#include "store/database_url.hpp"
#include "store/ledger_store.hpp"
#include "store/sql_text.hpp"

namespace ecomflow {
namespace {

HealthComponent component(std::string name, HealthLevel level, std::string value, std::string message) {
  return {std::move(name), level, std::move(value), std::move(message)};
}

std::string age_text(double hours) {
  return hours < 48 ? fmt::format("{:.1f} h ago", hours) : fmt::format("{:.1f} days ago", hours / 24);
}

HealthComponent assess_last_run(Database& database, const MonitorOptions& options) {
  if (!database.table_exists("pipeline_runs"))
    return component("last_run", HealthLevel::kCritical, "none", "no pipeline run recorded (`ecomflow run`)");
  const auto runs = recent_runs(database, 1);
  if (runs.empty())
    return component("last_run", HealthLevel::kCritical, "none", "no pipeline run recorded (`ecomflow run`)");
  const RunRecord& run = runs.front();
  const std::string& when = run.finished_at.empty() ? run.started_at : run.finished_at;
  const auto time = parse_database_time(when);
  const double hours = time ? double(now_utc() - *time) / 3600e6 : 0.0;
  const std::string value = fmt::format("run {} {}, {}", run.run_id, run.totals.status, age_text(hours));
  if (run.totals.status == "failed")
    return component("last_run", HealthLevel::kCritical, value,
                     fmt::format("run {} failed: {}", run.run_id, run.totals.message));
  // An unfinished run is alive only while its process holds the run lock.
  if (run.finished_at.empty() && !DatabaseLock::held_elsewhere(database, DatabaseLockRole::kRun))
    return component(
        "last_run", HealthLevel::kCritical,
        fmt::format("run {} stale ({}), {}", run.run_id, run.totals.status, age_text(hours)),
        fmt::format(
            "run {} is recorded as {} but no process holds the run lock: it crashed, was killed or lost "
            "its database ({}); the next run marks it failed",
            run.run_id, run.totals.status,
            run.totals.status == "loaded" ? "its load committed, its reports were not published"
                                          : "nothing of it was loaded"));
  if (hours > options.max_run_age_hours)
    return component("last_run", HealthLevel::kCritical, value,
                     fmt::format("the last run {} {} (limit {} h): a scheduled run was missed?",
                                 run.finished_at.empty() ? "started" : "finished", age_text(hours),
                                 options.max_run_age_hours));
  if (run.totals.status == "partial")
    return component("last_run", HealthLevel::kDegraded, value,
                     fmt::format("run {} was partial: {}", run.run_id, run.totals.message));
  return component("last_run", HealthLevel::kHealthy, value, "");
}

/// The warehouse's event fact table when it holds rows, else the purchases.
std::string event_table(Database& database) {
  const std::string events = "warehouse.fact_events";
  if (database.table_exists(physical_table_name(database.backend(), events)) &&
      !database.query("SELECT 1 FROM " + quoted_table(database.backend(), events) + " LIMIT 1").rows.empty())
    return events;
  return "sales_facts";
}

HealthComponent assess_freshness(Database& database, const std::string& table,
                                 const MonitorOptions& options) {
  if (!database.table_exists(physical_table_name(database.backend(), table)))
    return component("freshness", HealthLevel::kDegraded, "no data", "no event table yet");
  const auto latest = latest_time(database, table, "event_time");
  if (!latest) return component("freshness", HealthLevel::kDegraded, "no data", table + " has no rows");
  const double hours = double(now_utc() - *latest) / 3600e6;
  const std::string value = fmt::format("newest event {}", age_text(hours));
  if (hours > options.freshness_hours)
    return component("freshness", HealthLevel::kDegraded, value,
                     fmt::format("the newest event in {} is {} ({}; limit {} h)", table, age_text(hours),
                                 format_timestamp(*latest), options.freshness_hours));
  return component("freshness", HealthLevel::kHealthy, value, "");
}

HealthComponent assess_volume(Database& database, const std::string& table, const MonitorOptions& options) {
  if (!database.table_exists(physical_table_name(database.backend(), table)))
    return component("volume", HealthLevel::kHealthy, "no data", "");
  const auto stats = daily_volume(database, table, "event_time", options.volume_days);
  if (!stats) return component("volume", HealthLevel::kHealthy, "no data", "");
  if (stats->history_days < 2)
    return component("volume", HealthLevel::kHealthy, fmt::format("{} rows on {}", stats->count, stats->day),
                     "fewer than 2 earlier days to compare");
  const std::string value = fmt::format("{} rows on {}, z = {:.2f}", stats->count, stats->day, stats->z);
  if (std::abs(stats->z) > options.z_threshold)
    return component("volume", HealthLevel::kDegraded, value,
                     fmt::format("{} {} rows on {} against a mean of {:.1f} over {} days (z = {:.2f})",
                                 stats->z > 0 ? "spike:" : "drop:", stats->count, stats->day, stats->mean,
                                 stats->history_days, stats->z));
  return component("volume", HealthLevel::kHealthy, value, "");
}

HealthComponent assess_quality_trend(Database& database, const MonitorOptions& options) {
  const auto batches = recent_quality_batches(database, options.trend_checks);
  if (batches.empty()) return component("quality_trend", HealthLevel::kHealthy, "no checks recorded", "");
  std::string counts;
  for (auto batch = batches.rbegin(); batch != batches.rend(); ++batch)
    counts += (counts.empty() ? "" : " -> ") + std::to_string(batch->failures());
  const std::string value = "failures " + counts;
  const QualityBatchSummary& latest = batches.front();
  // Growing: every batch fails at least as much as the one before, and the
  // latest strictly more than the oldest looked at.
  bool growing = batches.size() >= 2 && latest.failures() > batches.back().failures();
  for (size_t i = 0; growing && i + 1 < batches.size(); ++i)
    growing = batches[i].failures() >= batches[i + 1].failures();
  if (latest.errors > 0)
    return component("quality_trend", HealthLevel::kDegraded, value,
                     fmt::format("the latest checks ({}) had {} error-level failure{}", latest.checked_at,
                                 latest.errors, latest.errors == 1 ? "" : "s"));
  if (growing)
    return component("quality_trend", HealthLevel::kDegraded, value,
                     fmt::format("quality failures are growing over the last {} checks", batches.size()));
  return component("quality_trend", HealthLevel::kHealthy, value, "");
}

}  // namespace

std::string_view health_level_name(HealthLevel level) {
  switch (level) {
    case HealthLevel::kHealthy:
      return "healthy";
    case HealthLevel::kDegraded:
      return "degraded";
    case HealthLevel::kCritical:
      return "critical";
  }
  return "?";
}

std::vector<std::string> HealthReport::alerts() const {
  std::vector<std::string> alerts;
  for (const HealthComponent& part : components)
    if (part.level != HealthLevel::kHealthy)
      alerts.push_back(fmt::format("{} {}: {}", health_level_name(part.level), part.name, part.message));
  return alerts;
}

HealthReport assess_health(const std::string& database_url, const MonitorOptions& options) {
  HealthReport report;
  report.generated_at = format_timestamp(now_utc() / kMicrosPerSecond * kMicrosPerSecond);
  report.database = parse_database_url(database_url).display_name();
  std::unique_ptr<Database> database;
  try {
    const auto begin = std::chrono::steady_clock::now();
    database = Database::open(database_url, OpenMode::kExisting);
    database->query("SELECT 1");
    report.latency_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
    report.components.push_back(
        component("database", HealthLevel::kHealthy, fmt::format("{:.1f} ms", *report.latency_ms), ""));
  } catch (const std::exception& error) {
    report.components.push_back(component("database", HealthLevel::kCritical, "unreachable",
                                          redact_secrets(first_line(error.what()))));
  }
  if (database) {
    try {
      report.components.push_back(assess_last_run(*database, options));
      const std::string table = event_table(*database);
      report.components.push_back(assess_freshness(*database, table, options));
      report.components.push_back(assess_volume(*database, table, options));
      report.components.push_back(assess_quality_trend(*database, options));
    } catch (const std::exception& error) {
      report.components.push_back(
          component("queries", HealthLevel::kCritical, "failed", redact_secrets(first_line(error.what()))));
    }
  }
  for (const HealthComponent& part : report.components) {
    report.level = std::max(report.level, part.level);
    report.score -= part.level == HealthLevel::kCritical ? 40 : part.level == HealthLevel::kDegraded ? 15 : 0;
  }
  // Without a database nothing else could be assessed: no credit for that.
  report.score = database ? std::max(report.score, 0) : 0;
  return report;
}

std::string health_report_json(const HealthReport& report) {
  std::string json = fmt::format(
      "{{\n  \"generated_at\": \"{}\",\n  \"database\": \"{}\",\n  \"status\": \"{}\",\n  \"health_score\": "
      "{},\n"
      "  \"latency_ms\": {},\n  \"components\": [",
      report.generated_at, json_escape(report.database), health_level_name(report.level), report.score,
      report.latency_ms ? fmt::format("{:.3f}", *report.latency_ms) : "null");
  for (size_t i = 0; i < report.components.size(); ++i) {
    const HealthComponent& part = report.components[i];
    json += fmt::format(
        "{}\n    {{\"name\": \"{}\", \"status\": \"{}\", \"value\": \"{}\", \"message\": \"{}\"}}",
        i == 0 ? "" : ",", json_escape(part.name), health_level_name(part.level), json_escape(part.value),
        json_escape(part.message));
  }
  json += "\n  ],\n  \"alerts\": [";
  const auto alerts = report.alerts();
  for (size_t i = 0; i < alerts.size(); ++i)
    json += fmt::format("{}\"{}\"", i == 0 ? "" : ", ", json_escape(alerts[i]));
  return json + "]\n}\n";
}

}  // namespace ecomflow
