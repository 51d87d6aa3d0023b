#pragma once
/// Human number formats for reports and chart labels, and "nice" axis ticks.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.hpp"
#include "core/money.hpp"

namespace ecomflow {

/// Compact count: 950 -> "950", 1234 -> "1.2k", 4500000 -> "4.5M", 0.25 -> "0.25".
/// `decimals` is the most decimals kept in the scaled value (trailing zeros dropped).
std::string format_compact(double value, int decimals = 1);

/// Compact money from cents: 450000000 -> "$4.5M", 123456 -> "$1.2k", 95000 -> "$950",
/// 1250 -> "$12.50".
std::string format_money_compact(Cents cents, int decimals = 1, std::string_view symbol = "$",
                                 int minor_digits = 2);

/// Compact money in `currency`: "€4.5M", "¥950" (JPY shows no decimals).
std::string format_money_compact(Cents cents, int decimals, const Currency& currency);

/// Table money from cents with thousands separators: 123450 -> "$1,234.50".
/// With `minor_digits` 0 the amount is rounded to whole units: 123450 -> "¥1,235".
std::string format_money(Cents cents, std::string_view symbol = "$", int minor_digits = 2);

/// Table money in `currency`: "$1,234.50", "€1,234.50", "¥1,235".
std::string format_money(Cents cents, const Currency& currency);

/// The sign written before amounts in an ISO 4217 currency: "$" for USD,
/// "\u20b9" for INR, "\u20ac" for EUR, "\u00a3" for GBP (find_currency's
/// table); the code and a space for a currency it does not know.
std::string currency_symbol(std::string_view currency);

/// Integer with thousands separators: 70000 -> "70,000".
std::string format_integer(int64_t value);

/// Percentage of a ratio with fixed decimals: 0.1234 -> "12.3%".
std::string format_percent(double ratio, int decimals = 1);

/// Duration in the largest fitting unit: 45 -> "45 s", 192 -> "3.2 min", 5400 -> "1.5 h".
std::string format_duration(double seconds);

/// Evenly spaced axis ticks on a 1-2-5 step that cover a data range.
struct AxisTicks {
  double step = 1;
  std::vector<double> values;  ///< Ascending; first <= data minimum, last >= data maximum.
  double low() const { return values.front(); }
  double high() const { return values.back(); }
};

/// Ticks covering [minimum, maximum]: 4 to 8 of them on a step of 1, 2 or 5 × 10^k.
/// `include_zero` stretches the range to 0 (bar charts start at 0).
AxisTicks nice_ticks(double minimum, double maximum, bool include_zero);

/// Decimals needed to tell ticks `step` apart once scaled by `unit` (1, 1000, 1e6, ...).
int decimals_for_step(double step, double unit);

}  // namespace ecomflow
