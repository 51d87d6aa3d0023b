#include "aggregate/rfm.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(RfmTest, DistinctValuesSpreadOverFiveQuintiles) {
  const std::vector<int64_t> values = {40, 10, 50, 30, 20};
  EXPECT_EQ(quintile_scores(values), (std::vector<int>{4, 1, 5, 3, 2}));
  const std::vector<int64_t> ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(quintile_scores(ten), (std::vector<int>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}));
}

TEST(RfmTest, TiesShareTheScoreOfTheirMidRank) {
  const std::vector<int64_t> values = {1, 1, 1, 1, 5, 5, 9, 9, 9, 9};
  EXPECT_EQ(quintile_scores(values), (std::vector<int>{2, 2, 2, 2, 3, 3, 5, 5, 5, 5}));
  const std::vector<int64_t> same = {7, 7, 7};
  EXPECT_EQ(quintile_scores(same), (std::vector<int>{3, 3, 3}));
  const std::vector<int64_t> one = {12};
  EXPECT_EQ(quintile_scores(one), (std::vector<int>{3}));
  EXPECT_TRUE(quintile_scores({}).empty());
}

TEST(RfmTest, SegmentRuleFirstMatchWins) {
  EXPECT_EQ(rfm_segment({5, 5, 5}), "Champions");
  EXPECT_EQ(rfm_segment({4, 4, 3}), "Loyal");
  EXPECT_EQ(rfm_segment({3, 3, 1}), "Loyal");
  EXPECT_EQ(rfm_segment({5, 1, 5}), "New");
  EXPECT_EQ(rfm_segment({4, 2, 1}), "New");
  EXPECT_EQ(rfm_segment({3, 2, 5}), "Promising");
  EXPECT_EQ(rfm_segment({2, 5, 5}), "At Risk");
  EXPECT_EQ(rfm_segment({1, 3, 1}), "At Risk");
  EXPECT_EQ(rfm_segment({2, 2, 5}), "Hibernating");
  EXPECT_EQ(rfm_segment({1, 1, 1}), "Hibernating");
}

}  // namespace
}  // namespace ecomflow
