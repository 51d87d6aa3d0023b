// libFuzzer target: the settings loader on a `.env` file and a TOML file
// (the input before its first NUL byte is the .env, the rest the TOML). A bad
// file is a UsageError naming it; anything else escaping is a finding.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "cli/settings.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ecomflow;
  static const bool in_scratch = [] {
    char name[] = "/tmp/ecomflow-fuzz-settings.XXXXXX";
    return mkdtemp(name) != nullptr && chdir(name) == 0;
  }();
  if (!in_scratch) __builtin_trap();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = std::min(input.find('\0'), input.size());
  std::ofstream(".env", std::ios::binary | std::ios::trunc) << input.substr(0, split);
  std::ofstream("fuzz.toml", std::ios::binary | std::ios::trunc)
      << input.substr(std::min(split + 1, input.size()));

  CLI::App app;
  Settings settings;
  settings.add(app, "db", "--db", "sqlite:ecomflow.db", "database");
  settings.add(app, "threads", "--threads", "0", "threads");
  settings.require_integer("threads");
  settings.add(app, "log_level", "--log-level", "info", "level");
  settings.restrict_to("log_level", {"trace", "debug", "info", "warn", "error", "off"});
  settings.add(app, "events", "--events", "data", "events");
  try {
    app.parse(std::vector<std::string>{});
    settings.resolve("fuzz.toml");
    settings.get("db");
    settings.get_integer("threads");
  } catch (const UsageError&) {
  } catch (const UserError&) {
  }
  return 0;
}
