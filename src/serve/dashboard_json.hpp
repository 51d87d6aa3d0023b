#pragma once
/// Small JSON text builders for the dashboard's panels. Strings are escaped
/// for JSON and also for HTML (`<`, `>`, `&` as \u escapes), so a product
/// named `<script>` stays text wherever the JSON ends up.

#include <optional>
#include <string>
#include <string_view>

namespace ecomflow {

/// `text` as a quoted JSON string.
std::string json_string(std::string_view text);

/// A database value as a JSON string, or `null`.
std::string json_string_or_null(const std::optional<std::string>& text);

/// A database value as a JSON number, or `null` when it is NULL or not a
/// plain decimal number (never passes other text through).
std::string json_number_or_null(const std::optional<std::string>& text);

/// numerator / denominator as a JSON number with 6 decimals, or `null` when
/// the denominator is 0.
std::string json_ratio(long long numerator, long long denominator);

}  // namespace ecomflow
