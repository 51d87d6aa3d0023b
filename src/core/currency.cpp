#include "core/currency.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ecomflow {
namespace {

struct KnownCurrency {
  std::string_view code;
  std::string_view symbol;
  int minor_digits;
};

// Currencies whose amounts fit two decimals (prices are NUMERIC(10,2));
// those with three (BHD, KWD, ...) cannot be held exactly and are left out.
// A sign that is not unique to one currency carries its country ("CA$").
constexpr std::array<KnownCurrency, 24> kCurrencies = {{
    {"AUD", "A$", 2},     {"BRL", "R$", 2},       {"CAD", "CA$", 2},    {"CHF", "CHF ", 2},
    {"CLP", "CLP ", 0},   {"CNY", "CN\u00a5", 2}, {"CZK", "CZK ", 2},   {"DKK", "DKK ", 2},
    {"EUR", "\u20ac", 2}, {"GBP", "\u00a3", 2},   {"HKD", "HK$", 2},    {"HUF", "HUF ", 2},
    {"INR", "\u20b9", 2}, {"ISK", "ISK ", 0},     {"JPY", "\u00a5", 0}, {"KRW", "\u20a9", 0},
    {"MXN", "MX$", 2},    {"NOK", "NOK ", 2},     {"NZD", "NZ$", 2},    {"PLN", "PLN ", 2},
    {"SEK", "SEK ", 2},   {"SGD", "S$", 2},       {"USD", "$", 2},      {"ZAR", "ZAR ", 2},
}};

}  // namespace

std::optional<Currency> find_currency(std::string_view code) {
  std::string upper(code);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return char(std::toupper(c)); });
  for (const KnownCurrency& known : kCurrencies)
    if (known.code == upper)
      return Currency{std::string(known.code), std::string(known.symbol), known.minor_digits};
  return std::nullopt;
}

const std::vector<std::string>& currency_codes() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> list;
    for (const KnownCurrency& known : kCurrencies) list.emplace_back(known.code);
    return list;
  }();
  return codes;
}

std::string format_currency_amount(Cents amount, const Currency& currency) {
  const bool negative = amount < 0;
  uint64_t magnitude = negative ? uint64_t(0) - uint64_t(amount) : uint64_t(amount);
  const char* sign = negative ? "-" : "";
  if (currency.minor_digits == 0) {
    magnitude = (magnitude + 50) / 100;
    return fmt::format("{}{}", magnitude == 0 ? "" : sign, magnitude);
  }
  return fmt::format("{}{}.{:02}", sign, magnitude / 100, magnitude % 100);
}

}  // namespace ecomflow
