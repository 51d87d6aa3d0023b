/// `ecomflow db`: apply schema migrations and show which are applied.

#include <fmt/format.h>

#include <memory>

#include "cli/command.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

int run_migrate(const Settings& settings) {
  const std::unique_ptr<Database> database = Database::open(settings.get("db"));
  const int applied = migrate(*database);
  const auto& known = migrations_for(*database);
  fmt::print("{} {}: {} migration{} applied, schema at version {}\n", database->backend(),
             database->display_name(), applied, applied == 1 ? "" : "s",
             known.empty() ? 0 : known.back().version);
  return 0;
}

int run_status(const Settings& settings) {
  const std::unique_ptr<Database> database = Database::open(settings.get("db"), OpenMode::kExisting);
  const auto statuses = migration_status(*database);
  fmt::print("backend:  {}\ndatabase: {}\n", database->backend(), database->display_name());
  size_t pending = 0;
  for (const MigrationStatus& status : statuses) {
    pending += !status.applied;
    fmt::print("  {:03d} {:<16} {}\n", status.version, status.name,
               status.applied ? "applied " + status.applied_at : std::string("pending"));
  }
  if (pending > 0) fmt::print("{} pending: run `ecomflow db migrate`\n", pending);
  return 0;
}

}  // namespace

void add_db_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand("db", "Manage the database schema (--db)");
  command->require_subcommand(1);
  command->add_subcommand("migrate", "Apply pending schema migrations (safe to repeat)")
      ->callback([&context] { context.action = [&context] { return run_migrate(context.settings); }; });
  command->add_subcommand("status", "Show the backend and each migration, applied or pending")
      ->callback([&context] { context.action = [&context] { return run_status(context.settings); }; });
}

}  // namespace ecomflow
