#include "report/number_format.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdlib>

#include "core/error.hpp"

namespace ecomflow {
namespace {

/// Formats with at most `decimals` decimals and drops trailing zeros ("1.50" -> "1.5").
std::string trimmed_fixed(double value, int decimals) {
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

std::string group_thousands(uint64_t magnitude) {
  std::string digits = std::to_string(magnitude);
  std::string grouped;
  const size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  grouped.append(digits, 0, lead);
  for (size_t i = lead; i < digits.size(); i += 3) {
    grouped.push_back(',');
    grouped.append(digits, i, 3);
  }
  return grouped;
}

struct ScaleUnit {
  double factor;
  const char* suffix;
};
constexpr std::array<ScaleUnit, 5> kScaleUnits = {{{1, ""}, {1e3, "k"}, {1e6, "M"}, {1e9, "B"}, {1e12, "T"}}};

/// Compact magnitude (no sign). Rounding can carry into the next unit
/// (999,960 -> "1000k"), so the unit is chosen after rounding.
std::string compact_magnitude(double magnitude, int decimals) {
  for (size_t i = 0; i < kScaleUnits.size(); ++i) {
    const double scaled = magnitude / kScaleUnits[i].factor;
    const bool last = i + 1 == kScaleUnits.size();
    if (!last) {
      const double rounded = std::stod(fmt::format("{:.{}f}", scaled, decimals));
      if (rounded >= 1000) continue;
    }
    // Below one thousand plain numbers keep two decimals (0.25 stays "0.25").
    const int kept = i == 0 ? std::max(decimals, 2) : decimals;
    return trimmed_fixed(scaled, kept) + kScaleUnits[i].suffix;
  }
  return trimmed_fixed(magnitude, 0);
}

}  // namespace

std::string format_compact(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  const std::string magnitude = compact_magnitude(std::fabs(value), decimals);
  return (value < 0 && magnitude != "0") ? fmt::format("-{}", magnitude) : magnitude;
}

std::string format_money_compact(Cents cents, int decimals, std::string_view symbol, int minor_digits) {
  const std::string sign = cents < 0 ? "-" : "";
  const uint64_t magnitude = cents < 0 ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
  if (magnitude < 100000) {
    // Under 1,000 units show whole units, or exact cents when there are any
    // and the currency has them.
    if (minor_digits == 0) return fmt::format("{}{}{}", sign, symbol, (magnitude + 50) / 100);
    if (magnitude % 100 == 0) return fmt::format("{}{}{}", sign, symbol, magnitude / 100);
    return fmt::format("{}{}{}.{:02}", sign, symbol, magnitude / 100, magnitude % 100);
  }
  return fmt::format("{}{}{}", sign, symbol, compact_magnitude(double(magnitude) / 100.0, decimals));
}

std::string format_money_compact(Cents cents, int decimals, const Currency& currency) {
  return format_money_compact(cents, decimals, currency.symbol, currency.minor_digits);
}

std::string format_money(Cents cents, std::string_view symbol, int minor_digits) {
  const std::string sign = cents < 0 ? "-" : "";
  const uint64_t magnitude = cents < 0 ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
  if (minor_digits == 0) {
    const uint64_t units = (magnitude + 50) / 100;
    return fmt::format("{}{}{}", units == 0 ? "" : sign, symbol, group_thousands(units));
  }
  return fmt::format("{}{}{}.{:02}", sign, symbol, group_thousands(magnitude / 100), magnitude % 100);
}

std::string format_money(Cents cents, const Currency& currency) {
  return format_money(cents, currency.symbol, currency.minor_digits);
}

std::string currency_symbol(std::string_view currency) {
  if (const std::optional<Currency> known = find_currency(currency)) return known->symbol;
  return std::string(currency) + " ";
}

std::string format_integer(int64_t value) {
  const uint64_t magnitude = value < 0 ? uint64_t(0) - uint64_t(value) : uint64_t(value);
  return fmt::format("{}{}", value < 0 ? "-" : "", group_thousands(magnitude));
}

std::string format_percent(double ratio, int decimals) {
  if (!std::isfinite(ratio)) return "n/a";
  std::string text = fmt::format("{:.{}f}", ratio * 100.0, decimals);
  if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-') text.erase(0, 1);
  return fmt::format("{}%", text);
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds)) return "n/a";
  const double magnitude = std::fabs(seconds);
  // Pick the unit from the rounded value so 59.96 s reads "1 min", not "60 s".
  if (std::round(magnitude) < 60) return trimmed_fixed(seconds, magnitude < 10 ? 1 : 0) + " s";
  if (std::round(magnitude / 6.0) < 600) return trimmed_fixed(seconds / 60.0, 1) + " min";
  return trimmed_fixed(seconds / 3600.0, 1) + " h";
}

AxisTicks nice_ticks(double minimum, double maximum, bool include_zero) {
  if (!std::isfinite(minimum) || !std::isfinite(maximum)) minimum = maximum = 0;
  if (minimum > maximum) std::swap(minimum, maximum);
  if (include_zero) {
    minimum = std::min(minimum, 0.0);
    maximum = std::max(maximum, 0.0);
  }
  if (minimum == maximum) {
    // A flat series still needs an axis: open a unit-sized range around it.
    const double pad = minimum == 0 ? 1.0 : std::fabs(minimum) * 0.5;
    if (include_zero && minimum >= 0) {
      maximum += pad * (minimum == 0 ? 1 : 2);
    } else if (include_zero) {
      minimum -= pad * 2;
    } else {
      minimum -= pad;
      maximum += pad;
    }
  }
  const double span = maximum - minimum;
  // Tolerance so 0.30000000000000004 / 0.1 does not count as a fourth interval.
  const double epsilon = 1e-9;
  AxisTicks best;
  int best_distance = 1000;
  const double start_exponent = std::floor(std::log10(span)) - 2;
  for (int exponent_offset = 0; exponent_offset < 5; ++exponent_offset) {
    const double power = std::pow(10.0, start_exponent + exponent_offset);
    for (const double mantissa : {1.0, 2.0, 5.0}) {
      const double step = mantissa * power;
      const double first = std::floor(minimum / step + epsilon);
      const double last = std::ceil(maximum / step - epsilon);
      const int count = int(last - first) + 1;
      if (count < 4 || count > 8) continue;
      // Six ticks read best; on a tie keep the finer step.
      const int distance = std::abs(count - 6);
      if (distance >= best_distance) continue;
      best_distance = distance;
      best.step = step;
      best.values.clear();
      for (double k = first; k <= last; ++k) {
        const double value = k * step;
        best.values.push_back(value == 0 ? 0.0 : value);  // no "-0"
      }
    }
  }
  ECOMFLOW_CHECK(!best.values.empty());
  return best;
}

int decimals_for_step(double step, double unit) {
  const double scaled = step / unit;
  for (int decimals = 0; decimals < 6; ++decimals) {
    const double power = std::pow(10.0, decimals);
    if (std::fabs(scaled * power - std::round(scaled * power)) < 1e-6 * power) return decimals;
  }
  return 6;
}

}  // namespace ecomflow
