#pragma once
/// `ecomflow schedule`: when the next run is due (daily at HH:MM local time,
/// or every N minutes/hours), a lock so only one scheduler runs per
/// database, and running the child process.

#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// `30s`, `15m`, `1h`, `1h30m`, `2d` as seconds; nullopt when malformed or zero.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

/// `HH:MM` (00:00–23:59) as minutes after midnight; nullopt when malformed.
std::optional<int> parse_time_of_day(std::string_view text);

/// The first moment strictly after `now` at `minute_of_day` local time.
std::time_t next_daily_time(std::time_t now, int minute_of_day);

/// An exclusive flock on a lock file, held until destruction. The file
/// holds the holder's pid so a refused scheduler can name it.
class ScheduleLock {
 public:
  /// Takes the lock without waiting; nullopt when another process holds it
  /// (`holder` then gets the pid written in the file, if any). Throws
  /// UserError when the file cannot be opened.
  static std::optional<ScheduleLock> try_acquire(const std::filesystem::path& path, std::string* holder);
  ScheduleLock(ScheduleLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ScheduleLock& operator=(ScheduleLock&&) = delete;
  ~ScheduleLock();

 private:
  explicit ScheduleLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

/// The default lock file: next to a SQLite database file, else in the
/// working directory.
std::filesystem::path default_lock_file(const std::string& database_url);

/// Runs `argv` (argv[0] is the program path) as a child process, waits for
/// it and returns its exit code (128 + signal when killed). SIGINT and
/// SIGTERM received meanwhile are passed on to it.
int run_child(const std::vector<std::string>& argv);

/// True once SIGINT or SIGTERM arrived (after install_stop_handlers).
bool stop_requested();
/// Makes SIGINT/SIGTERM request a stop instead of killing the scheduler.
void install_stop_handlers();

}  // namespace ecomflow
