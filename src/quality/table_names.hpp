#pragma once
/// Config files name tables logically (`warehouse.fact_sales`); SQLite has no
/// schemas, so there the schema is a name prefix (`warehouse_fact_sales`).

#include <string>
#include <string_view>

namespace ecomflow {

/// The physical name of a logical table on `backend` (`sqlite` or
/// `postgresql`): `schema.table` → `schema_table` on SQLite, unchanged on
/// PostgreSQL.
std::string physical_table_name(std::string_view backend, std::string_view logical);

/// The physical name, quoted for SQL text.
std::string quoted_table(std::string_view backend, std::string_view logical);

/// A user's SQL with the `staging.`, `production.` and `warehouse.`
/// qualifiers turned into prefixes on SQLite (unchanged on PostgreSQL), so a
/// `sql` check reads the same on both backends.
std::string physical_sql(std::string_view backend, std::string_view sql);

}  // namespace ecomflow
