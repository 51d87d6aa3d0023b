#pragma once
/// PostgreSQL COPY text format: rows of tab-separated fields, `\N` for NULL.

#include <optional>
#include <string>
#include <vector>

namespace ecomflow {

/// Appends one row (with its trailing newline) to `buffer`, escaping
/// backslashes, tabs, newlines and carriage returns.
void append_copy_row(std::string& buffer, const std::vector<std::optional<std::string>>& row);

}  // namespace ecomflow
