/// The session settings `run` and `report` share.

#include "cli/command.hpp"
#include "core/error.hpp"

namespace ecomflow {

void add_session_settings(CLI::App& command, Settings& settings) {
  settings.add(command, "session_rows", "--session-rows", "100000",
               "session rows kept in sessions.csv (every count still covers all sessions)");
  settings.require_integer("session_rows", 1'000'000'000);
  settings.add(command, "session_gap_minutes", "--session-gap-minutes", "30",
               "inactivity that ends a session of events without a session_id");
  settings.require_integer("session_gap_minutes", 525'600);  // a year
  settings.add(command, "session_memory", "--session-memory", std::to_string(kDefaultSessionMemory >> 20),
               "MB of memory for the session log (and as much again to cut sessions); the rest goes to a "
               "temporary file in TMPDIR (0 = no limit)");
  settings.require_integer("session_memory", kMaxMemoryMegabytes);
}

AggregateOptions session_options(const Settings& settings, size_t& max_rows) {
  AggregateOptions options;
  options.session_gap_us = settings.get_integer("session_gap_minutes") * 60 * kMicrosPerSecond;
  if (options.session_gap_us <= 0) throw UsageError("--session-gap-minutes must be at least 1");
  options.session_memory = size_t(settings.get_integer("session_memory")) << 20;
  max_rows = size_t(settings.get_integer("session_rows"));
  options.session_rows = max_rows;
  return options;
}

}  // namespace ecomflow
