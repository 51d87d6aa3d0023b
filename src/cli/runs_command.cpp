/// `ecomflow runs`: the history of pipeline runs.

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/logging.hpp"
#include "store/ledger_store.hpp"

namespace ecomflow {
namespace {

void print_json(const std::vector<RunRecord>& runs) {
  fmt::print("[");
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunRecord& run = runs[i];
    const RunTotals& totals = run.totals;
    fmt::print(
        "{}\n  {{\"run_id\": {}, \"started_at\": \"{}\", \"finished_at\": {}, \"status\": \"{}\", "
        "\"records_read\": {}, \"valid\": {}, \"quarantined\": {}, \"duplicates\": {}, \"files_read\": {}, "
        "\"files_quarantined\": {}, \"elapsed_seconds\": {}, \"message\": \"{}\"}}",
        i == 0 ? "" : ",", run.run_id, json_escape(run.started_at),
        run.finished_at.empty() ? "null" : "\"" + json_escape(run.finished_at) + "\"",
        json_escape(totals.status), totals.records_read, totals.valid, totals.quarantined, totals.duplicates,
        totals.files_read, totals.files_quarantined, totals.elapsed_seconds, json_escape(totals.message));
  }
  fmt::print("{}]\n", runs.empty() ? "" : "\n");
}

void print_table(const std::vector<RunRecord>& runs) {
  if (runs.empty()) {
    fmt::print("no runs yet: `ecomflow run` records one\n");
    return;
  }
  std::vector<std::vector<std::string>> rows{{"run", "started", "finished", "status", "read", "valid",
                                              "quarantined", "duplicates", "files", "seconds", "message"}};
  for (const RunRecord& run : runs) {
    const RunTotals& totals = run.totals;
    rows.push_back(
        {std::to_string(run.run_id), run.started_at, run.finished_at.empty() ? "-" : run.finished_at,
         totals.status, std::to_string(totals.records_read), std::to_string(totals.valid),
         std::to_string(totals.quarantined), std::to_string(totals.duplicates),
         std::to_string(totals.files_read), fmt::format("{:.3f}", totals.elapsed_seconds), totals.message});
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  // Counts read best right-aligned; text columns left-aligned.
  const std::vector<bool> numeric{true, false, false, false, true, true, true, true, true, true, false};
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      line += numeric[i] ? fmt::format("{:>{}}", row[i], widths[i])
                         : (i + 1 == row.size() ? row[i] : fmt::format("{:<{}}", row[i], widths[i]));
    }
    line.erase(line.find_last_not_of(' ') + 1);
    fmt::print("{}\n", line);
  }
}

}  // namespace

void add_runs_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand("runs", "Show the history of pipeline runs in --db, newest first");
  auto limit = std::make_shared<int>(20);
  auto json = std::make_shared<bool>(false);
  command->add_option("--limit", *limit, "how many runs [default: 20]")->check(whole_number_at_least(1));
  command->add_flag("--json", *json, "print a JSON array instead of a table");
  command->callback([&context, limit, json] {
    context.action = [&context, limit, json] {
      const std::unique_ptr<Database> database =
          Database::open(context.settings.get("db"), OpenMode::kExisting);
      if (!database->table_exists("pipeline_runs")) {
        if (*json)
          fmt::print("[]\n");
        else
          fmt::print("no runs yet: `ecomflow run` records one\n");
        return int(ExitCode::kOk);
      }
      const auto runs = recent_runs(*database, *limit);
      if (*json)
        print_json(runs);
      else
        print_table(runs);
      return int(ExitCode::kOk);
    };
  });
}

}  // namespace ecomflow
