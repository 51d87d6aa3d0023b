#pragma once
/// Versioned schema migrations. The SQL lives in sql/<backend>/NNN_name.sql
/// and is embedded into the binary at build time (sql/embed_migrations.sh
/// generates migration_scripts.cpp in the build tree), so ecomflow runs from
/// any directory.

#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace ecomflow {

/// One schema step: applied once, in version order, inside a transaction.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

/// Whether a migration has been applied to a database, and when.
struct MigrationStatus {
  int version;
  std::string name;
  bool applied;
  std::string applied_at;  ///< empty while pending
};

/// The embedded migrations of each backend, by ascending version.
const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();
/// The migrations for `database.backend()`.
const std::vector<Migration>& migrations_for(const Database& database);

/// Applies the pending migrations in order, each in its own transaction,
/// recording them in `schema_version`. Safe to run concurrently and again
/// (a no-op when nothing is pending). Returns how many were applied.
int migrate(Database& database);

/// Every known migration with whether it is applied.
std::vector<MigrationStatus> migration_status(Database& database);

}  // namespace ecomflow
