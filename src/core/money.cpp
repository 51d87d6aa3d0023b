#include "core/money.hpp"

#include <fmt/format.h>

namespace ecomflow {

std::optional<Cents> parse_cents(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  Cents whole = 0;
  size_t i = 0;
  size_t integer_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++integer_digits) {
    if (whole > (INT64_MAX / 1000)) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  Cents fraction = 0;
  size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction_digits) {
      if (fraction_digits == 2) return std::nullopt;
      fraction = fraction * 10 + (text[i] - '0');
    }
  }
  if (i != text.size() || integer_digits + fraction_digits == 0) return std::nullopt;
  if (fraction_digits == 1) fraction *= 10;
  const Cents cents = whole * 100 + fraction;
  return negative ? -cents : cents;
}

std::string format_cents(Cents cents) {
  const bool negative = cents < 0;
  const uint64_t magnitude = negative ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
  return fmt::format("{}{}.{:02}", negative ? "-" : "", magnitude / 100, magnitude % 100);
}

}  // namespace ecomflow
