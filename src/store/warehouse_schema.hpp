#pragma once
/// Where the warehouse tables live on each backend. SQL in store/ is written
/// once with PostgreSQL schema names (`warehouse.fact_sales`); SQLite has no
/// schemas, so there the schema becomes a name prefix (`warehouse_fact_sales`).

#include <string>
#include <string_view>

#include "store/database.hpp"

namespace ecomflow {

/// `sql` for `database`'s backend: unchanged on PostgreSQL; on SQLite the
/// `staging.`, `production.` and `warehouse.` qualifiers become prefixes and
/// `COLLATE "C"` (byte order, SQLite's default) is dropped.
std::string warehouse_sql(const Database& database, std::string_view sql);

/// The same rewrite for a backend name (`sqlite` or `postgresql`).
std::string warehouse_sql(std::string_view backend, std::string_view sql);

/// True when `database` holds the warehouse (migration 003 applied).
bool has_warehouse(Database& database);

}  // namespace ecomflow
