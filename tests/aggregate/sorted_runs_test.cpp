#include "aggregate/sorted_runs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace ecomflow {
namespace {

/// `runs` ascending runs of random lengths, concatenated.
std::vector<int> concatenated_runs(size_t runs, std::mt19937& random) {
  std::vector<int> items;
  for (size_t run = 0; run < runs; ++run) {
    std::vector<int> part(1 + random() % 50);
    for (int& item : part) item = int(random() % 1000);
    std::sort(part.begin(), part.end());
    items.insert(items.end(), part.begin(), part.end());
  }
  return items;
}

TEST(SortedRunsTest, MergesRunsIntoTheSortedOrder) {
  std::mt19937 random(7);
  std::vector<int> buffer;
  for (const size_t runs : {1, 2, 3, 5, 16, 17, 100}) {
    for (int round = 0; round < 20; ++round) {
      std::vector<int> items = concatenated_runs(runs, random);
      std::vector<int> expected = items;
      std::sort(expected.begin(), expected.end());
      // Enough runs allowed to merge them all, and too few (sorted outright).
      const auto as_vector = [](std::span<const int> sorted) {
        return std::vector<int>(sorted.begin(), sorted.end());
      };
      std::vector<int> merged = items;
      EXPECT_EQ(as_vector(sort_runs(std::span<int>(merged), buffer, 1000)), expected) << runs;
      EXPECT_EQ(as_vector(sort_runs(std::span<int>(items), buffer, 4)), expected) << runs;
    }
  }
}

TEST(SortedRunsTest, TakesTheOrderGiven) {
  std::vector<int> items = {1, 5, 9, 2, 6, 0, 3};
  std::vector<int> buffer;
  const std::span<int> sorted = sort_runs(std::span<int>(items), buffer, 16, std::greater<>());
  EXPECT_EQ(std::vector<int>(sorted.begin(), sorted.end()), (std::vector<int>{9, 6, 5, 3, 2, 1, 0}));
  std::vector<int> empty;
  EXPECT_TRUE(sort_runs(std::span<int>(empty), buffer, 16).empty());
}

}  // namespace
}  // namespace ecomflow
