#pragma once
/// What every subcommand registers with, and the registration list.

#include <CLI/CLI.hpp>

#include <functional>

#include "aggregate/aggregates.hpp"
#include "cli/settings.hpp"
#include "core/currency.hpp"

namespace ecomflow {

/// Shared state of one invocation: the settings and the chosen action.
struct CommandContext {
  Settings settings;
  /// Set by the subcommand that was chosen; returns the process exit code.
  std::function<int()> action;
};

/// Each subcommand lives in its own `<name>_command.cpp` and adds itself to
/// the root app here. Adding a subcommand is one file and one line in main.cpp.
void add_config_command(CLI::App& root, CommandContext& context);
void add_generate_command(CLI::App& root, CommandContext& context);
void add_run_command(CLI::App& root, CommandContext& context);
void add_catalog_command(CLI::App& root, CommandContext& context);
void add_db_command(CLI::App& root, CommandContext& context);
void add_query_command(CLI::App& root, CommandContext& context);
void add_check_command(CLI::App& root, CommandContext& context);
void add_runs_command(CLI::App& root, CommandContext& context);
void add_monitor_command(CLI::App& root, CommandContext& context);
void add_schedule_command(CLI::App& root, CommandContext& context);
void add_cleanup_command(CLI::App& root, CommandContext& context);
void add_report_command(CLI::App& root, CommandContext& context);
void add_init_command(CLI::App& root, CommandContext& context);
void add_completion_command(CLI::App& root, CommandContext& context);
void add_man_command(CLI::App& root, CommandContext& context);

/// Accepts a whole number >= `minimum` (for --limit and other counts).
CLI::Validator whole_number_at_least(long long minimum);
/// Largest --batch-size: events handed on at once (a larger batch only costs memory).
constexpr long long kMaxBatchSize = 1 << 20;
/// Largest memory budget in MB (--dedupe-memory, --session-memory): 16 TiB.
constexpr long long kMaxMemoryMegabytes = 1 << 24;
/// Worker threads per hardware thread at most: more only cost memory.
constexpr unsigned kThreadsPerCore = 4;
void add_kafka_mock_command(CLI::App& root, CommandContext& context);
void add_produce_command(CLI::App& root, CommandContext& context);
void add_stream_command(CLI::App& root, CommandContext& context);
void add_serve_command(CLI::App& root, CommandContext& context);
void add_cart_command(CLI::App& root, CommandContext& context);
void add_order_command(CLI::App& root, CommandContext& context);
void add_simulate_command(CLI::App& root, CommandContext& context);

/// The `currency` setting `run` and `report` share (--currency CODE).
void add_currency_setting(CLI::App& command, Settings& settings);
/// The currency it names, nullopt when unset (then the catalog's own is
/// shown). Throws UsageError for a code ecomflow does not know.
std::optional<Currency> currency_setting(const Settings& settings);

/// The session settings `run` and `report` share: --session-rows,
/// --session-gap-minutes and --session-memory.
void add_session_settings(CLI::App& command, Settings& settings);
/// The aggregate options they set, and the session row limit in
/// `max_rows`. Throws UsageError for a gap under a minute.
AggregateOptions session_options(const Settings& settings, size_t& max_rows);

}  // namespace ecomflow
