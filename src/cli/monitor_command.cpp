/// `ecomflow monitor`: pipeline and data health, a JSON report and alerts.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>

#include "cli/command.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/written_manifest.hpp"
#include "quality/health_monitor.hpp"
#include "quality/webhook.hpp"

namespace ecomflow {
namespace {

/// Flags of `monitor` that are not shared settings.
struct MonitorFlags {
  std::string alert_on = "degraded";
  int webhook_attempts = 4;
  int webhook_backoff_ms = 500;
};

void print_summary(const HealthReport& report) {
  fmt::print("health: {} (score {}/100), database {}\n", health_level_name(report.level), report.score,
             report.database);
  size_t width = 0;
  for (const HealthComponent& part : report.components) width = std::max(width, part.value.size());
  for (const HealthComponent& part : report.components) {
    const std::string value = part.message.empty() ? part.value : fmt::format("{:<{}}  ", part.value, width);
    fmt::print("  {:<14} {:<9} {}{}\n", part.name, health_level_name(part.level), value, part.message);
  }
}

bool should_alert(const HealthReport& report, const std::string& alert_on) {
  if (alert_on == "always") return true;
  if (alert_on == "critical") return report.level == HealthLevel::kCritical;
  return report.level != HealthLevel::kHealthy;
}

int run_monitor(const Settings& settings, const MonitorFlags& flags) {
  MonitorOptions options;
  options.max_run_age_hours = double(settings.get_integer("max_run_age_hours"));
  options.freshness_hours = double(settings.get_integer("freshness_hours"));
  options.trend_checks = int(settings.get_integer("trend_checks"));
  if (options.trend_checks < 2) throw UsageError("--trend-checks must be at least 2");
  const std::string reports = settings.get("reports");

  const HealthReport report = assess_health(settings.get("db"), options);
  const std::string json = health_report_json(report);
  const std::filesystem::path file = std::filesystem::path(reports) / "monitoring_report.json";
  write_file_atomically(file, json);
  record_written_files(reports, {file});
  print_summary(report);
  fmt::print("report: {}\n", file.string());

  const std::string& webhook = settings.get("webhook");
  if (!webhook.empty() && should_alert(report, flags.alert_on)) {
    WebhookOptions webhook_options;
    webhook_options.attempts = flags.webhook_attempts;
    webhook_options.first_backoff = std::chrono::milliseconds(flags.webhook_backoff_ms);
    const WebhookDelivery delivery = post_webhook(webhook, json, webhook_options);
    if (delivery.delivered)
      fmt::print("alert: delivered to the webhook (attempt {})\n", delivery.attempts);
    else
      spdlog::error("alert: not delivered after {} attempt{}: {}", delivery.attempts,
                    delivery.attempts == 1 ? "" : "s", delivery.error);
  }
  switch (report.level) {
    case HealthLevel::kHealthy:
      return int(ExitCode::kOk);
    case HealthLevel::kDegraded:
      return int(ExitCode::kDegraded);
    default:
      return int(ExitCode::kCritical);
  }
}

}  // namespace

void add_monitor_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "monitor",
      "Assess pipeline health: last run and its age, data freshness, volume anomalies, quality trend,\n"
      "database latency. Writes <reports>/monitoring_report.json; exit code 0 healthy, 5 degraded,\n"
      "6 critical. Alerts go to --webhook as a JSON POST.");
  Settings& settings = context.settings;
  auto flags = std::make_shared<MonitorFlags>();
  settings.add(*command, "reports", "--reports", "reports", "directory for reports");
  settings.add(*command, "webhook", "--webhook", "", "URL to POST alerts to as JSON");
  settings.mark_secret("webhook");
  settings.add(*command, "max_run_age_hours", "--max-run-age-hours", "25",
               "critical when the last run is older than this");
  settings.require_integer("max_run_age_hours");
  settings.add(*command, "freshness_hours", "--freshness-hours", "48",
               "degraded when the newest event is older than this");
  settings.require_integer("freshness_hours");
  settings.add(*command, "trend_checks", "--trend-checks", "5",
               "check batches looked at for the quality trend");
  settings.require_integer("trend_checks", 10'000);
  command->add_option("--alert-on", flags->alert_on, "when to alert the webhook [default: degraded]")
      ->check(CLI::IsMember({"degraded", "critical", "always"}));
  command->add_option("--webhook-attempts", flags->webhook_attempts, "tries per alert [default: 4]")
      ->check(CLI::Range(1, 20));
  command
      ->add_option("--webhook-backoff-ms", flags->webhook_backoff_ms,
                   "wait after the first failed try, doubled each time [default: 500]")
      ->check(CLI::Range(0, 600000));
  command->callback([&context, flags] {
    context.action = [&context, flags] { return run_monitor(context.settings, *flags); };
  });
}

}  // namespace ecomflow
