#pragma once
/// RFM scoring: recency, frequency and monetary quintiles over purchasing
/// customers, and the marketing segment each score suggests.
///
/// Quintile rule: a customer's score is 1 + floor(5 × (w + e/2) / n), where n
/// is the number of purchasing customers, w the number of them strictly worse
/// on that measure (recency: more days since the last purchase; frequency:
/// fewer orders; monetary: less revenue) and e the number equal to it
/// (itself included). That is the mid-rank percentile: ties share a score,
/// and customers who are all alike score 3 rather than all 1. 5 is best.
///
/// Segment rule, first match wins:
///   Champions    R ≥ 4, F ≥ 4, M ≥ 4
///   Loyal        R ≥ 3, F ≥ 3
///   New          R ≥ 4, F ≤ 2   (recent, few orders)
///   Promising    R = 3, F ≤ 2
///   At Risk      R ≤ 2, F ≥ 3   (used to buy often, not lately)
///   Hibernating  R ≤ 2, F ≤ 2

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ecomflow {

/// One customer's three scores, each 1–5.
struct RfmScore {
  int recency;
  int frequency;
  int monetary;
  bool operator==(const RfmScore&) const = default;
};

/// Quintile scores of `values` where a higher value is better (see the rule above).
std::vector<int> quintile_scores(std::span<const int64_t> values);

/// The segment name of a score: Champions, Loyal, New, Promising, At Risk or Hibernating.
std::string_view rfm_segment(RfmScore score);

}  // namespace ecomflow
