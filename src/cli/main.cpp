/// ecomflow: one binary for an online shop's analytics pipeline.

#include <spdlog/spdlog.h>

#include <cstdio>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.hpp"
#include "core/closest_name.hpp"
#include "core/error.hpp"
#include "core/logging.hpp"
#include "core/redact.hpp"

#ifndef ECOMFLOW_VERSION
#define ECOMFLOW_VERSION "dev"
#endif

namespace {

constexpr const char* kFooter =
    R"(Settings, highest first: flags, ECOMFLOW_* environment variables, a .env file,
ecomflow.toml (or --config FILE), built-in defaults. `ecomflow config` shows them.

Exit codes:
  0  success
  1  fatal error: the command could not do its job (database, I/O, ...)
  2  usage error: bad flag, value or configuration
  3  completed, but some input files were unreadable and quarantined
  4  an error-level data-quality check failed; reports were not published
  5  monitor: degraded health      6  monitor: critical health
  7  another run (or scheduler) holds this database's lock (`run --wait-lock SECONDS` waits)
  8  stream: the database refused a commit for good (missing table, constraint, disk full); rolled back
  10  order place: not enough stock for the cart; nothing was ordered
  130, 143  stopped by SIGINT / SIGTERM: the run rolled back its load and is recorded as failed

Run `ecomflow COMMAND --help` for a command's flags.)";

/// The long and short names of `command`'s options, with their dashes.
std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

const CLI::Option* find_option(const std::vector<CLI::App*>& path, const std::string& name) {
  for (const CLI::App* command : path) {
    for (const CLI::Option* option : command->get_options())
      if (option->check_name(name)) return option;
  }
  return nullptr;
}

/// What a parse error most likely was, said the way a user thinks of it: a
/// mistyped command or flag, with the name probably meant. Empty when the
/// arguments hold no unknown command or flag.
std::string diagnose_typo(CLI::App& app, int argc, char** argv) {
  std::vector<CLI::App*> path{&app};
  std::vector<std::string> known = option_names(app);  // global flags apply after the command too
  std::string command_name = "ecomflow";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-') {
      const std::string name = arg.substr(0, arg.find('='));
      const CLI::Option* option = find_option(path, name);
      if (option == nullptr && arg.rfind("--", 0) == 0) {
        return fmt::format("unknown flag '{}' for `{}`{}", name, command_name,
                           ecomflow::did_you_mean(name, known));
      }
      if (option != nullptr && option->get_type_size_max() > 0 && arg.find('=') == std::string::npos) ++i;
      continue;
    }
    std::vector<std::string> commands;
    CLI::App* chosen = nullptr;
    for (CLI::App* sub : path.back()->get_subcommands([](CLI::App*) { return true; })) {
      commands.push_back(sub->get_name());
      if (sub->get_name() == arg) chosen = sub;
    }
    if (chosen != nullptr) {
      path.push_back(chosen);
      for (const std::string& name : option_names(*chosen)) known.push_back(name);
      command_name += " " + arg;
    } else if (!commands.empty() && path.back()->get_require_subcommand_min() > 0) {
      return fmt::format("unknown command '{}' for `{}`{}", arg, command_name,
                         ecomflow::did_you_mean(arg, commands));
    }
  }
  return "";
}

/// "Global flags" text for every subcommand's --help: the flags of the root
/// command, which every subcommand accepts (before or after its name).
std::string global_flags_footer(const CLI::App& app) {
  std::string text = "Global flags (before or after the command; `ecomflow --help` has the exit codes):\n";
  for (const CLI::Option* option : app.get_options()) {
    const std::string& name = option->get_name();
    if (name == "--help" || name == "--version") continue;
    fmt::format_to(std::back_inserter(text), "  {:<20} {}\n", name + " " + option->get_type_name(),
                   option->get_description());
  }
  return text;
}

void add_footer(CLI::App& command, const std::string& footer) {
  for (CLI::App* sub : command.get_subcommands([](CLI::App*) { return true; })) {
    sub->footer(footer);
    add_footer(*sub, footer);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ecomflow;
  CLI::App app{"ecomflow " ECOMFLOW_VERSION
               " - an online shop's analytics pipeline: generate, ingest, validate, enrich,\n"
               "aggregate and load shop events, in one binary."};
  app.set_version_flag("-V,--version", "ecomflow " ECOMFLOW_VERSION);
  app.footer(kFooter);
  app.require_subcommand(1);
  app.fallthrough();

  CommandContext context;
  Settings& settings = context.settings;
  std::string config_path;
  app.add_option("--config", config_path, "TOML settings file [default: ./ecomflow.toml if present]")
      ->type_name("FILE");
  settings.add(app, "db", "--db", "sqlite:ecomflow.db",
               "database: sqlite:PATH or postgresql://user:pass@host:port/db");
  settings.mark_secret("db");
  settings.add(app, "log_level", "--log-level", "info", "trace|debug|info|warn|error|off");
  settings.restrict_to("log_level", {"trace", "debug", "info", "warn", "error", "off"});
  settings.add(app, "log_format", "--log-format", "text", "text|json");
  settings.restrict_to("log_format", {"text", "json"});
  settings.add(app, "threads", "--threads", "0", "worker threads, 0 = all cores");
  settings.require_integer("threads");

  add_config_command(app, context);
  add_generate_command(app, context);
  add_catalog_command(app, context);
  add_db_command(app, context);
  add_query_command(app, context);
  add_run_command(app, context);
  add_report_command(app, context);
  add_check_command(app, context);
  add_runs_command(app, context);
  add_monitor_command(app, context);
  add_schedule_command(app, context);
  add_cleanup_command(app, context);
  add_init_command(app, context);
  add_completion_command(app, context);
  add_man_command(app, context);
  add_kafka_mock_command(app, context);
  add_produce_command(app, context);
  add_stream_command(app, context);
  add_serve_command(app, context);
  add_cart_command(app, context);
  add_order_command(app, context);
  add_simulate_command(app, context);
  add_footer(app, global_flags_footer(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    const std::string typo = diagnose_typo(app, argc, argv);
    std::fprintf(stderr, "ecomflow: error: %s\nRun `ecomflow --help` for usage.\n",
                 typo.empty() ? error.what() : typo.c_str());
    return int(ExitCode::kUsage);
  }

  try {
    settings.resolve(config_path);
    configure_logging(settings.get("log_level"), settings.get("log_format"));
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (settings.get_integer("threads") == 0) settings.set("threads", std::to_string(cores));
    if (const long long most = cores * kThreadsPerCore; settings.get_integer("threads") > most) {
      spdlog::warn("--threads {} is more than {} per hardware thread: using {}", settings.get("threads"),
                   kThreadsPerCore, most);
      settings.set("threads", std::to_string(most));
    }
    return context.action ? context.action() : int(ExitCode::kOk);
  } catch (const UserError& error) {
    std::fprintf(stderr, "ecomflow: error: %s\n", redact_secrets(error.what()).c_str());
    return int(error.code());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "ecomflow: error: %s\n", redact_secrets(error.what()).c_str());
    return int(ExitCode::kFatal);
  }
}
