#pragma once
/// `ecomflow schedule`: when the next run is due (daily at HH:MM local time,
/// or every N minutes/hours) and running the child process. One scheduler
/// per database holds the database's scheduler lock (store/database_lock.hpp).

#include <chrono>
#include <cstdint>
#include <ctime>
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

/// Runs `argv` (argv[0] is the program path) as a child process, waits for
/// it and returns its exit code (128 + signal when killed). SIGINT and
/// SIGTERM received meanwhile are passed on to it.
int run_child(const std::vector<std::string>& argv);

}  // namespace ecomflow
