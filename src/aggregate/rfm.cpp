#include "aggregate/rfm.hpp"

#include <algorithm>

namespace ecomflow {

std::vector<int> quintile_scores(std::span<const int64_t> values) {
  std::vector<int64_t> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const int64_t count = int64_t(values.size());
  std::vector<int> scores;
  scores.reserve(values.size());
  for (int64_t value : values) {
    const auto [first_equal, past_equal] = std::equal_range(sorted.begin(), sorted.end(), value);
    const int64_t worse = first_equal - sorted.begin();
    const int64_t equal = past_equal - first_equal;
    scores.push_back(int(1 + 5 * (2 * worse + equal) / (2 * count)));
  }
  return scores;
}

std::string_view rfm_segment(RfmScore score) {
  if (score.recency >= 4 && score.frequency >= 4 && score.monetary >= 4) return "Champions";
  if (score.recency >= 3 && score.frequency >= 3) return "Loyal";
  if (score.recency >= 4) return "New";
  if (score.recency == 3) return "Promising";
  if (score.frequency >= 3) return "At Risk";
  return "Hibernating";
}

}  // namespace ecomflow
