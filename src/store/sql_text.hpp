#pragma once
/// Small pieces of SQL text both backends build the same way.

#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// `"name"`, with embedded quotes doubled.
std::string quote_identifier(std::string_view name);

/// A table name quoted part by part: `schema.table` → `"schema"."table"`.
std::string quote_table_name(std::string_view table);

/// `'text'`, with embedded quotes doubled (standard SQL string literal).
std::string quote_literal(std::string_view text);

/// `"a", "b", "c"`.
std::string quoted_column_list(const std::vector<std::string>& columns);

/// The first 200 characters of a statement, on one line, for error messages.
std::string statement_excerpt(std::string_view sql);

/// The first line of a database error message, trimmed.
std::string first_line(std::string_view message);

}  // namespace ecomflow
