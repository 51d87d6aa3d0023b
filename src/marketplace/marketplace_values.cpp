#include "marketplace/marketplace_values.hpp"

#include <string>
#include <vector>

namespace ecomflow {
namespace {

constexpr std::string_view kRupeeSign = "\u20b9";  // ₹, three bytes in UTF-8

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

/// `text` with its digit-group commas removed, when the grouping is one of
/// the two in use (Indian 1,79,691 or Western 179,691); nullopt otherwise.
std::optional<std::string> ungroup(std::string_view text) {
  if (text.find(',') == std::string_view::npos) {
    if (!all_digits(text)) return std::nullopt;
    return std::string(text);
  }
  std::vector<std::string_view> groups;
  for (size_t start = 0;;) {
    const size_t comma = text.find(',', start);
    groups.push_back(
        text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  for (std::string_view group : groups)
    if (!all_digits(group)) return std::nullopt;
  if (groups.back().size() != 3 || groups.front().size() > 3) return std::nullopt;
  bool indian = groups.front().size() <= 2, western = true;
  for (size_t i = 1; i + 1 < groups.size(); ++i) {
    indian = indian && groups[i].size() == 2;
    western = western && groups[i].size() == 3;
  }
  if (!indian && !western) return std::nullopt;
  std::string digits;
  for (std::string_view group : groups) digits += group;
  return digits;
}

}  // namespace

std::string_view trim_blank(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<Cents> parse_marketplace_price(std::string_view text) {
  text = trim_blank(text);
  if (text.starts_with(kRupeeSign)) text = trim_blank(text.substr(kRupeeSign.size()));
  const size_t point = text.find('.');
  const auto whole = ungroup(text.substr(0, point));
  if (!whole || whole->size() > 15) return std::nullopt;
  std::string amount = *whole;
  if (point != std::string_view::npos) {
    const std::string_view decimals = text.substr(point + 1);
    if (!all_digits(decimals) || decimals.size() > 2) return std::nullopt;
    amount += '.';
    amount += decimals;
  }
  return parse_cents(amount);
}

std::optional<int> parse_discount_percent(std::string_view text) {
  text = trim_blank(text);
  if (text.ends_with('%')) text = trim_blank(text.substr(0, text.size() - 1));
  if (!all_digits(text) || text.size() > 3) return std::nullopt;
  const int percent = std::stoi(std::string(text));
  if (percent > 100) return std::nullopt;
  return percent;
}

std::optional<int> parse_rating_tenths(std::string_view text) {
  text = trim_blank(text);
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  if (!all_digits(whole) || whole.size() > 1) return std::nullopt;
  int tenths = (whole[0] - '0') * 10;
  if (point != std::string_view::npos) {
    const std::string_view decimal = text.substr(point + 1);
    if (decimal.size() != 1 || !all_digits(decimal)) return std::nullopt;
    tenths += decimal[0] - '0';
  }
  if (tenths > 50) return std::nullopt;
  return tenths;
}

std::optional<int64_t> parse_grouped_count(std::string_view text) {
  const auto digits = ungroup(trim_blank(text));
  if (!digits || digits->size() > 15) return std::nullopt;
  return std::stoll(*digits);
}

}  // namespace ecomflow
