#include "store/migrations.hpp"

#include <fmt/format.h>

#include <chrono>

#include "core/time.hpp"

namespace ecomflow {
namespace {

/// Any number unlikely to collide with another application's advisory lock.
constexpr const char* kPostgresMigrationLock = "7411907346";

void create_version_table(Database& database) {
  database.execute(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
}

std::string now_text() { return format_timestamp(now_utc() / kMicrosPerSecond * kMicrosPerSecond); }

bool is_applied(Database& database, int version) {
  return !database.query("SELECT 1 FROM schema_version WHERE version = $1", {std::to_string(version)})
              .rows.empty();
}

}  // namespace

const std::vector<Migration>& migrations_for(const Database& database) {
  return database.backend() == "postgresql" ? postgres_migrations() : sqlite_migrations();
}

int migrate(Database& database) {
  const bool postgres = database.backend() == "postgresql";
  if (postgres) {
    // Two processes creating the table at once can race on CREATE TABLE IF NOT EXISTS.
    with_transaction(database, [&] {
      database.query(fmt::format("SELECT pg_advisory_xact_lock({})", kPostgresMigrationLock));
      create_version_table(database);
    });
  } else {
    create_version_table(database);
  }
  int applied = 0;
  for (const Migration& migration : migrations_for(database)) {
    with_transaction(database, [&] {
      // Re-checked under the lock (BEGIN IMMEDIATE on SQLite) so concurrent
      // migrators apply each step exactly once.
      if (postgres) database.query(fmt::format("SELECT pg_advisory_xact_lock({})", kPostgresMigrationLock));
      if (is_applied(database, migration.version)) return;
      database.execute(std::string(migration.sql));
      database.query("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                     {std::to_string(migration.version), std::string(migration.name), now_text()});
      ++applied;
    });
  }
  return applied;
}

std::vector<MigrationStatus> migration_status(Database& database) {
  std::vector<MigrationStatus> statuses;
  const bool has_table = database.table_exists("schema_version");
  for (const Migration& migration : migrations_for(database)) {
    MigrationStatus status{migration.version, std::string(migration.name), false, ""};
    if (has_table) {
      const auto result = database.query("SELECT applied_at FROM schema_version WHERE version = $1",
                                         {std::to_string(migration.version)});
      if (!result.rows.empty()) {
        status.applied = true;
        status.applied_at = result.rows[0][0].value_or("");
      }
    }
    statuses.push_back(std::move(status));
  }
  return statuses;
}

}  // namespace ecomflow
