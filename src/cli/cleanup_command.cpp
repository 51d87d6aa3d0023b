/// `ecomflow cleanup`: retention of processed archives, reports and quarantine.

#include <fmt/format.h>

#include <memory>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "quality/retention.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

/// The flags of `cleanup` that are not shared settings.
struct CleanupFlags {
  int keep_days = -1;
  bool dry_run = false;
};

std::string size_text(int64_t bytes) {
  if (bytes >= 1 << 20) return fmt::format("{:.1f} MiB", double(bytes) / (1 << 20));
  if (bytes >= 1 << 10) return fmt::format("{:.1f} KiB", double(bytes) / (1 << 10));
  return fmt::format("{} B", bytes);
}

int run_cleanup(const Settings& settings, const CleanupFlags& flags) {
  CleanupOptions options;
  options.keep_days = flags.keep_days;
  options.dry_run = flags.dry_run;
  options.reports_dir = settings.get("reports");
  const std::unique_ptr<Database> database = Database::open(settings.get("db"));
  const CleanupResult result = clean_up(*database, options);

  const char* verb = flags.dry_run ? "would remove" : "removed";
  int64_t bytes = 0;
  for (const CleanupFile& file : result.archives) {
    fmt::print("{} archive {} ({})\n", verb, file.path.string(), size_text(file.bytes));
    bytes += file.bytes;
  }
  for (const CleanupFile& file : result.kept_archives)
    fmt::print("kept archive {}: {}\n", file.path.string(), file.reason);
  for (const CleanupFile& file : result.reports) {
    fmt::print("{} report {} ({})\n", verb, file.path.string(), size_text(file.bytes));
    bytes += file.bytes;
  }
  fmt::print("{} {} archive{}, {} report file{} ({}) and {} quarantined record{} older than {} day{}{}\n",
             flags.dry_run ? "would remove" : "removed", result.archives.size(),
             result.archives.size() == 1 ? "" : "s", result.reports.size(),
             result.reports.size() == 1 ? "" : "s", size_text(bytes), result.quarantine_rows,
             result.quarantine_rows == 1 ? "" : "s", flags.keep_days, flags.keep_days == 1 ? "" : "s",
             flags.dry_run ? " (dry run: nothing removed)" : "");
  return int(ExitCode::kOk);
}

}  // namespace

void add_cleanup_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "cleanup",
      "Remove what is older than --keep-days: input archives the ledger shows were processed (same\n"
      "path, size and content; never a file the ledger does not know), report files ecomflow wrote under\n"
      "--reports (listed in its .ecomflow-written manifest; never through a symlink), and quarantined "
      "records.");
  auto flags = std::make_shared<CleanupFlags>();
  command->add_option("--keep-days", flags->keep_days, "keep anything younger than N days")
      ->required()
      ->check(CLI::Range(0, 36'500));  // a century: more would overflow the cutoff time
  command->add_flag("--dry-run", flags->dry_run, "list what would be removed; remove nothing");
  context.settings.add(*command, "reports", "--reports", "reports", "directory for reports");
  command->callback([&context, flags] {
    context.action = [&context, flags] { return run_cleanup(context.settings, *flags); };
  });
}

}  // namespace ecomflow
