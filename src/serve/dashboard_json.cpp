#include "serve/dashboard_json.hpp"

#include <fmt/format.h>

#include "core/logging.hpp"

namespace ecomflow {

std::string json_string(std::string_view text) {
  // The common JSON escaping, plus `<`, `>` and `&` as \u escapes, so that a
  // value placed in a page can never close a tag or start markup.
  const std::string escaped = json_escape(text);
  std::string out;
  out.reserve(escaped.size() + 2);
  out += '"';
  for (const char c : escaped) {
    if (c == '<' || c == '>' || c == '&')
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
    else
      out += c;
  }
  out += '"';
  return out;
}

std::string json_string_or_null(const std::optional<std::string>& text) {
  return text ? json_string(*text) : "null";
}

std::string json_number_or_null(const std::optional<std::string>& text) {
  if (!text || text->empty()) return "null";
  // Digits with at most one sign, point and exponent: what SQLite and
  // PostgreSQL print for integers, REAL and NUMERIC.
  bool digit = false;
  for (size_t i = 0; i < text->size(); ++i) {
    const char c = (*text)[i];
    if (c >= '0' && c <= '9')
      digit = true;
    else if (!(c == '.' ||
               ((c == '-' || c == '+') && (i == 0 || (*text)[i - 1] == 'e' || (*text)[i - 1] == 'E')) ||
               ((c == 'e' || c == 'E') && digit)))
      return "null";
  }
  if (!digit) return "null";
  // JSON has no leading '+', no bare '.5' and no trailing '5.'.
  std::string_view digits = *text;
  std::string number;
  if (digits.front() == '+') digits.remove_prefix(1);
  if (digits.front() == '-') {
    number += '-';
    digits.remove_prefix(1);
  }
  if (digits.front() == '.') number += '0';
  if (digits.back() == '.') digits.remove_suffix(1);
  number += digits;
  return number;
}

std::string json_ratio(long long numerator, long long denominator) {
  if (denominator == 0) return "null";
  return fmt::format("{:.6f}", double(numerator) / double(denominator));
}

}  // namespace ecomflow
