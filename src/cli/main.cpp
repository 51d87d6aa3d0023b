/// ecomflow: one binary for an online shop's analytics pipeline.

#include <spdlog/spdlog.h>

#include <cstdio>
#include <thread>

#include "cli/command.hpp"
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

Run `ecomflow COMMAND --help` for a command's flags.)";

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
  add_serve_command(app, context);
  add_cart_command(app, context);
  add_order_command(app, context);
  add_simulate_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::fprintf(stderr, "ecomflow: error: %s\nRun `ecomflow --help` for usage.\n", error.what());
    return int(ExitCode::kUsage);
  }

  try {
    settings.resolve(config_path);
    configure_logging(settings.get("log_level"), settings.get("log_format"));
    if (settings.get_integer("threads") == 0)
      settings.set("threads", std::to_string(std::max(1u, std::thread::hardware_concurrency())));
    return context.action ? context.action() : int(ExitCode::kOk);
  } catch (const UserError& error) {
    std::fprintf(stderr, "ecomflow: error: %s\n", redact_secrets(error.what()).c_str());
    return int(error.code());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "ecomflow: error: %s\n", redact_secrets(error.what()).c_str());
    return int(ExitCode::kFatal);
  }
}
