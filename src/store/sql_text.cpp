#include "store/sql_text.hpp"

namespace ecomflow {

std::string quote_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string quote_table_name(std::string_view table) {
  std::string quoted;
  size_t start = 0;
  while (true) {
    const size_t dot = table.find('.', start);
    quoted += quote_identifier(table.substr(start, dot - start));
    if (dot == std::string_view::npos) return quoted;
    quoted += '.';
    start = dot + 1;
  }
}

std::string quote_literal(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + '\'';
}

std::string quoted_column_list(const std::vector<std::string>& columns) {
  std::string list;
  for (const auto& column : columns) {
    if (!list.empty()) list += ", ";
    list += quote_identifier(column);
  }
  return list;
}

std::string statement_excerpt(std::string_view sql) {
  constexpr size_t kMaxLength = 200;
  std::string excerpt;
  bool in_space = true;  // also drops leading whitespace
  for (const char c : sql) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && in_space) continue;
    in_space = space;
    excerpt += space ? ' ' : c;
    if (excerpt.size() == kMaxLength) return excerpt + "…";
  }
  while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
  return excerpt;
}

std::string first_line(std::string_view message) {
  size_t start = message.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  const size_t end = message.find('\n', start);
  std::string line(message.substr(start, end - start));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

}  // namespace ecomflow
