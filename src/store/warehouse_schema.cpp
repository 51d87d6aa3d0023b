#include "store/warehouse_schema.hpp"

#include <array>
#include <cctype>

namespace ecomflow {
namespace {

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string warehouse_sql(std::string_view backend, std::string_view sql) {
  if (backend == "postgresql") return std::string(sql);
  constexpr std::array<std::string_view, 3> kSchemas{"staging.", "production.", "warehouse."};
  constexpr std::string_view kCollateC = " COLLATE \"C\"";
  std::string out;
  out.reserve(sql.size());
  for (size_t i = 0; i < sql.size();) {
    if (sql.substr(i, kCollateC.size()) == kCollateC) {
      i += kCollateC.size();
      continue;
    }
    bool replaced = false;
    if (i == 0 || !is_identifier_char(sql[i - 1])) {
      for (const std::string_view schema : kSchemas) {
        if (sql.substr(i, schema.size()) != schema) continue;
        out.append(schema.substr(0, schema.size() - 1));
        out += '_';
        i += schema.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += sql[i++];
  }
  return out;
}

std::string warehouse_sql(const Database& database, std::string_view sql) {
  return warehouse_sql(database.backend(), sql);
}

bool has_warehouse(Database& database) {
  return database.table_exists(warehouse_sql(database, "warehouse.fact_sales"));
}

}  // namespace ecomflow
