#include "quality/table_names.hpp"

#include <array>
#include <cctype>

#include "store/sql_text.hpp"

namespace ecomflow {
namespace {

constexpr std::array<std::string_view, 3> kSchemas{"staging.", "production.", "warehouse."};

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '"';
}

}  // namespace

std::string physical_table_name(std::string_view backend, std::string_view logical) {
  std::string name(logical);
  if (backend == "sqlite") {
    for (char& c : name)
      if (c == '.') c = '_';
  }
  return name;
}

std::string quoted_table(std::string_view backend, std::string_view logical) {
  return backend == "sqlite" ? quote_identifier(physical_table_name(backend, logical))
                             : quote_table_name(logical);
}

std::string physical_sql(std::string_view backend, std::string_view sql) {
  if (backend != "sqlite") return std::string(sql);
  std::string out;
  out.reserve(sql.size());
  bool in_literal = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '\'') in_literal = !in_literal;
    if (!in_literal && (i == 0 || !is_identifier_char(sql[i - 1]))) {
      bool replaced = false;
      for (std::string_view schema : kSchemas) {
        if (sql.size() - i > schema.size() && sql.substr(i, schema.size()) == schema &&
            is_identifier_char(sql[i + schema.size()])) {
          out.append(schema.substr(0, schema.size() - 1)).push_back('_');
          i += schema.size() - 1;
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out.push_back(sql[i]);
  }
  return out;
}

}  // namespace ecomflow
