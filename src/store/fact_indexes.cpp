#include "store/fact_indexes.hpp"

#include <fmt/format.h>

#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

/// Below this many rows a load keeps the indexes: building them again would
/// cost more than the inserts it saves.
constexpr int64_t kMinLargeLoadRows = 50'000;

/// A load at least this fraction of the rows already there rebuilds: past
/// it, sorting every key once is cheaper than inserting the new keys one by
/// one into B-trees already too large for the page cache.
constexpr int64_t kExistingPerIncomingRow = 4;

}  // namespace

bool is_large_load(int64_t incoming, int64_t existing) {
  return incoming >= kMinLargeLoadRows && existing <= incoming * kExistingPerIncomingRow;
}

SetAsideIndexes::SetAsideIndexes(Database& database, const std::string& table) : database_(database) {
  const std::string name = warehouse_sql(database, table);
  QueryResult found;
  if (database.backend() == "postgresql") {
    // Only B-trees: a BRIN index costs next to nothing to keep up while
    // loading, and a full scan to build again.
    found = database.query(
        "SELECT n.nspname || '.' || c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_am a ON a.oid = c.relam "
        "WHERE i.indrelid = $1::regclass AND NOT i.indisunique AND NOT i.indisprimary AND a.amname = 'btree' "
        "ORDER BY c.relname",
        {name});
  } else {
    // `sql` is NULL for the indexes SQLite makes for constraints.
    found = database.query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL "
        "AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
        {name});
  }
  for (const auto& row : found.rows) {
    if (!row[0] || !row[1]) continue;
    indexes_.push_back({*row[0], *row[1]});
  }
  for (const Index& index : indexes_) database.execute(fmt::format("DROP INDEX {}", index.name));
}

void SetAsideIndexes::rebuild() {
  for (const Index& index : indexes_) database_.execute(index.definition);
  indexes_.clear();
}

std::vector<std::string> SetAsideIndexes::names() const {
  std::vector<std::string> names;
  for (const Index& index : indexes_) names.push_back(index.name);
  return names;
}

int64_t table_rows(Database& database, const std::string& table) {
  const auto result = database.query(warehouse_sql(database, fmt::format("SELECT COUNT(*) FROM {}", table)));
  return std::stoll(result.rows.at(0).at(0).value_or("0"));
}

}  // namespace ecomflow
