/// `ecomflow schedule`: run `ecomflow run` daily or every N minutes, in the
/// foreground, one scheduler per database.

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <thread>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/redact.hpp"
#include "core/stop_signal.hpp"
#include "quality/schedule.hpp"
#include "store/database.hpp"
#include "store/database_lock.hpp"

namespace ecomflow {
namespace {

/// The flags of `schedule`.
struct ScheduleFlags {
  std::string daily;
  std::string every;
  int max_runs = 0;
  std::vector<std::string> run_args;
};

std::string local_time(std::time_t time) {
  std::tm local{};
  localtime_r(&time, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

void log_line(const std::string& message) {
  fmt::print("{} schedule: {}\n", local_time(std::time(nullptr)), message);
  std::fflush(stdout);
}

/// `ecomflow [global flags given to the scheduler] run [args after --]`.
std::vector<std::string> child_command(const Settings& settings, const std::vector<std::string>& run_args) {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) self = "/proc/self/exe";
  std::vector<std::string> argv{self.string()};
  if (!settings.config_file().empty())
    argv.insert(argv.end(), {"--config", std::filesystem::absolute(settings.config_file()).string()});
  const std::pair<const char*, const char*> globals[] = {
      {"db", "--db"}, {"log_level", "--log-level"}, {"log_format", "--log-format"}, {"threads", "--threads"}};
  for (const auto& [key, flag] : globals) {
    const Setting& setting = settings.all().at(key);
    if (setting.source == "flag") argv.insert(argv.end(), {flag, setting.value});
  }
  argv.push_back("run");
  argv.insert(argv.end(), run_args.begin(), run_args.end());
  return argv;
}

/// Sleeps until `when`, waking early for a stop request.
void sleep_until(std::time_t when) {
  while (!stop_requested() && std::time(nullptr) < when)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

int run_schedule(const Settings& settings, const ScheduleFlags& flags) {
  if (flags.daily.empty() == flags.every.empty())
    throw UsageError("give exactly one of --daily HH:MM or --every DURATION");
  std::optional<int> daily;
  std::optional<std::chrono::seconds> every;
  if (!flags.daily.empty() && !(daily = parse_time_of_day(flags.daily)))
    throw UsageError(fmt::format("--daily '{}': expected HH:MM, 00:00 to 23:59", flags.daily));
  if (!flags.every.empty() && !(every = parse_duration(flags.every)))
    throw UsageError(
        fmt::format("--every '{}': expected a duration such as 30s, 15m, 1h, 1h30m, 1d", flags.every));

  // The scheduler lock lives in the database, like the run lock each run
  // takes: one mechanism, across machines on PostgreSQL, gone with the
  // process. The connection stays open to hold it.
  const std::unique_ptr<Database> database = Database::open(settings.get("db"));
  const auto lock = DatabaseLock::acquire(*database, DatabaseLockRole::kScheduler);
  if (!lock)
    throw UserError(fmt::format("another scheduler already runs for {}; not starting a second one",
                                database->display_name()),
                    ExitCode::kLocked);
  install_stop_handlers();

  const std::vector<std::string> argv = child_command(settings, flags.run_args);
  std::string command_text;
  for (const std::string& arg : argv) command_text += (command_text.empty() ? "" : " ") + arg;
  const auto next_after = [&](std::time_t now) { return every ? now : next_daily_time(now, *daily); };
  std::time_t next = next_after(std::time(nullptr));
  log_line(fmt::format("started ({}) for {}, first run at {}: {}",
                       every ? "every " + flags.every : "daily at " + flags.daily, database->display_name(),
                       local_time(next), redact_secrets(command_text)));
  int runs = 0;
  while (!stop_requested() && (flags.max_runs == 0 || runs < flags.max_runs)) {
    sleep_until(next);
    if (stop_requested()) break;
    ++runs;
    const std::time_t started = std::time(nullptr);
    const auto begin = std::chrono::steady_clock::now();
    log_line(fmt::format("run {} starting", runs));
    const int code = run_child(argv);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    const std::time_t now = std::time(nullptr);
    // A run longer than the interval starts the next one at once; missed
    // ticks are not made up.
    next = every ? std::max(started + std::time_t(every->count()), now) : next_daily_time(now, *daily);
    log_line(fmt::format(
        "run {} finished with exit code {} after {:.1f} s; next run at {}", runs, code, seconds,
        flags.max_runs != 0 && runs >= flags.max_runs ? std::string("(none)") : local_time(next)));
  }
  log_line(fmt::format("stopped after {} run{}", runs, runs == 1 ? "" : "s"));
  return int(ExitCode::kOk);
}

}  // namespace

void add_schedule_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "schedule",
      "Run `ecomflow run` on a schedule in the foreground, with this invocation's global flags and the\n"
      "arguments after `--` (e.g. `ecomflow schedule --daily 02:30 -- --events /data/in`). Each run and its\n"
      "exit code is logged. A lock held in the database keeps a second scheduler of it from starting (exit "
      "7).");
  auto flags = std::make_shared<ScheduleFlags>();
  command->add_option("--daily", flags->daily, "run every day at HH:MM, local time")->type_name("HH:MM");
  command->add_option("--every", flags->every, "run now, then every DURATION (30s, 15m, 1h, 1h30m, 1d)")
      ->type_name("DURATION");
  command->add_option("--max-runs", flags->max_runs, "stop after N runs, 0 = never [default: 0]")
      ->check(CLI::NonNegativeNumber);
  command->add_option("run_args", flags->run_args, "arguments for `ecomflow run`, after --");
  command->callback([&context, flags] {
    context.action = [&context, flags] { return run_schedule(context.settings, *flags); };
  });
}

}  // namespace ecomflow
