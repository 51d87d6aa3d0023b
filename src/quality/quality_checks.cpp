#include "quality/quality_checks.hpp"

#include "core/error.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"

#include <chrono>

#include "quality/check_evaluation.hpp"
#include "quality/quality_store.hpp"
#include "quality/table_metrics.hpp"

namespace ecomflow {

std::string_view check_status_name(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kWarn:
      return "warn";
    case CheckStatus::kError:
      return "error";
    case CheckStatus::kSkipped:
      return "skipped";
  }
  return "?";
}

int QualityReport::errors() const {
  int count = 0;
  for (const CheckResult& result : results) count += result.status == CheckStatus::kError;
  return count;
}

int QualityReport::warnings() const {
  int count = 0;
  for (const CheckResult& result : results) count += result.status == CheckStatus::kWarn;
  return count;
}

CheckStatus decide_status(const CheckSpec& spec, const Observation& observation) {
  if (observation.table_missing && spec.skip_if_missing) return CheckStatus::kSkipped;
  const CheckStatus failed = spec.severity == Severity::kWarn ? CheckStatus::kWarn : CheckStatus::kError;
  if (!observation.value) return observation.failed ? failed : CheckStatus::kPass;
  if (spec.warn_if || spec.error_if) {
    if (spec.error_if && spec.error_if->fires(*observation.value)) return CheckStatus::kError;
    if (spec.warn_if && spec.warn_if->fires(*observation.value)) return CheckStatus::kWarn;
    return CheckStatus::kPass;
  }
  return observation.failed ? failed : CheckStatus::kPass;
}

std::string threshold_text(const CheckSpec& spec, const Observation& observation) {
  if (!spec.warn_if && !spec.error_if) return observation.condition_text;
  // A rate is shown as a percentage (`1.20%`): so are its thresholds.
  const bool percent = spec.type == CheckType::kQuarantineRate;
  const auto shown = [percent](const Threshold& threshold) {
    return percent ? fmt::format("{} {:g}%", threshold.op, threshold.value * 100) : threshold.text();
  };
  std::string text;
  if (spec.error_if) text = "error_if " + shown(*spec.error_if);
  if (spec.warn_if) text += (text.empty() ? "" : ", ") + std::string("warn_if ") + shown(*spec.warn_if);
  return text;
}

QualityReport run_quality_checks(Database& database, const std::vector<CheckSpec>& checks, int64_t run_id,
                                 bool new_rows_only) {
  QualityReport report;
  const TimestampUs started = now_utc();
  report.batch_id = started;  // microseconds since the epoch: unique and ordered across invocations
  report.run_id = run_id;
  report.checked_at = format_timestamp(started / kMicrosPerSecond * kMicrosPerSecond);
  check_columns_exist(database, checks);
  for (const CheckSpec& spec : checks) {
    const auto begin = std::chrono::steady_clock::now();
    CheckResult result;
    result.spec = spec;
    result.observation = evaluate_check(database, spec, run_id, new_rows_only);
    result.status = decide_status(spec, result.observation);
    result.threshold_text = threshold_text(spec, result.observation);
    result.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
    report.results.push_back(std::move(result));
  }
  if (database.table_exists("quality_results")) save_quality_report(database, report);
  return report;
}

FailOn parse_fail_on(std::string_view text) {
  if (text == "error") return FailOn::kError;
  if (text == "warn") return FailOn::kWarn;
  if (text == "never") return FailOn::kNever;
  throw UsageError(fmt::format("--fail-on must be error, warn or never, not '{}'", text));
}

bool QualityReport::fails_at(FailOn level) const {
  switch (level) {
    case FailOn::kError:
      return errors() > 0;
    case FailOn::kWarn:
      return errors() + warnings() > 0;
    case FailOn::kNever:
      return false;
  }
  return false;
}

QualityReport check_database(Database& database, const std::string& config_file) {
  const std::vector<CheckSpec> checks = load_checks(config_file);
  migrate(database);
  const auto runs = recent_runs(database, 1);
  return run_quality_checks(database, checks, runs.empty() ? 0 : runs.front().run_id);
}

}  // namespace ecomflow
