#include "core/closest_name.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace ecomflow {

size_t edit_distance(std::string_view left, std::string_view right) {
  // Optimal string alignment: three rows of the dynamic-programming table.
  std::vector<size_t> before(right.size() + 1), previous(right.size() + 1), current(right.size() + 1);
  std::iota(previous.begin(), previous.end(), size_t{0});
  for (size_t i = 1; i <= left.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= right.size(); ++j) {
      const size_t substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && left[i - 1] == right[j - 2] && left[i - 2] == right[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[right.size()];
}

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& names) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const std::string& name : names) {
    const size_t distance = edit_distance(typed, name);
    if (!best || distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  if (!best || best_distance == 0 || best_distance > 2 ||
      3 * best_distance > std::max(typed.size(), best->size()))
    return std::nullopt;
  return best;
}

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& names) {
  const auto closest = closest_name(typed, names);
  return closest ? fmt::format("; did you mean '{}'?", *closest) : std::string();
}

}  // namespace ecomflow
