/// `ecomflow check`: run the data-quality checks on the database.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <memory>
#include <optional>
#include <ranges>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/logging.hpp"
#include "quality/quality_checks.hpp"

namespace ecomflow {
namespace {

/// Prints the results as an aligned table, then the details of each failure.
void print_report(const QualityReport& report) {
  std::vector<std::array<std::string, 5>> rows{{"check", "status", "observed", "threshold", "duration"}};
  for (const CheckResult& result : report.results)
    rows.push_back({result.spec.name, std::string(check_status_name(result.status)),
                    result.observation.value_text, result.threshold_text,
                    fmt::format("{:.1f} ms", result.duration_ms)});
  std::array<size_t, 5> widths{};
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  for (const auto& row : rows)
    fmt::print("{:<{}}  {:<{}}  {:>{}}  {:<{}}  {:>{}}\n", row[0], widths[0], row[1], widths[1], row[2],
               widths[2], row[3], widths[3], row[4], widths[4]);
  for (const CheckResult& result : report.results) {
    if (result.status == CheckStatus::kPass || result.status == CheckStatus::kSkipped) continue;
    const std::string& message = result.observation.message;
    fmt::print("  {} ({}){}{}\n", result.spec.name, check_status_name(result.status),
               message.empty() ? "" : ": ", message);
    for (const std::string& row : result.observation.sample | std::views::take(3))
      fmt::print("    {}\n", row);
  }
  const int passed = int(std::count_if(report.results.begin(), report.results.end(),
                                       [](const CheckResult& r) { return r.status == CheckStatus::kPass; }));
  fmt::print("{} checks: {} passed, {} warnings, {} errors\n", report.results.size(), passed,
             report.warnings(), report.errors());
}

std::string json_number(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : std::string("null");
}

/// Prints the results as one JSON object: the batch, then one entry per
/// check with its status, observed value and threshold, and failing rows.
void print_json(const QualityReport& report) {
  std::string out = fmt::format(
      "{{\"checked_at\": \"{}\", \"run_id\": {}, \"checks\": {}, \"errors\": {}, \"warnings\": {}, "
      "\"results\": [",
      report.checked_at, report.run_id, report.results.size(), report.errors(), report.warnings());
  for (size_t i = 0; i < report.results.size(); ++i) {
    const CheckResult& result = report.results[i];
    const Observation& observation = result.observation;
    std::string sample;
    for (const std::string& row : observation.sample) sample += (sample.empty() ? "" : ", ") + row;
    fmt::format_to(std::back_inserter(out),
                   "{}\n  {{\"name\": \"{}\", \"type\": \"{}\", \"table\": \"{}\", \"status\": \"{}\", "
                   "\"observed\": {}, \"observed_text\": \"{}\", \"threshold\": \"{}\", \"message\": \"{}\", "
                   "\"failing_rows\": {}, \"sample\": [{}], \"duration_ms\": {:.3f}}}",
                   i == 0 ? "" : ",", json_escape(result.spec.name), check_type_name(result.spec.type),
                   json_escape(result.spec.table), check_status_name(result.status),
                   json_number(observation.value), json_escape(observation.value_text),
                   json_escape(result.threshold_text), json_escape(observation.message),
                   observation.failing_rows ? std::to_string(*observation.failing_rows) : "null", sample,
                   result.duration_ms);
  }
  out += report.results.empty() ? "]}\n" : "\n]}\n";
  fmt::print("{}", out);
}

int run_check(const Settings& settings, FailOn fail_on, bool json) {
  const std::unique_ptr<Database> database = Database::open(settings.get("db"), OpenMode::kExisting);
  const QualityReport report = check_database(*database, settings.config_file());
  if (json)
    print_json(report);
  else
    print_report(report);
  return report.fails_at(fail_on) ? int(ExitCode::kQualityFailed) : int(ExitCode::kOk);
}

}  // namespace

void add_check_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "check",
      "Run the data-quality checks ([[checks]] in the config file, or the built-in set) on --db;\n"
      "results go to quality_results, samples of failing rows to quality_failures.");
  auto fail_on = std::make_shared<std::string>("error");
  command
      ->add_option("--fail-on", *fail_on,
                   "exit with code 4 when a check fails at this level [default: error]")
      ->check(CLI::IsMember({"error", "warn", "never"}));
  auto json = std::make_shared<bool>(false);
  command->add_flag("--json", *json, "print the results as one JSON object instead of a table");
  command->callback([&context, fail_on, json] {
    context.action = [&context, fail_on, json] {
      return run_check(context.settings, parse_fail_on(*fail_on), *json);
    };
  });
}

}  // namespace ecomflow
