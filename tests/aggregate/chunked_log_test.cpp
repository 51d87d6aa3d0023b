#include "aggregate/chunked_log.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace ecomflow {
namespace {

std::vector<int> items_of(const ChunkedLog<int, 4>& log) {
  std::vector<int> items;
  log.for_each([&](int item) { items.push_back(item); });
  return items;
}

TEST(ChunkedLogTest, DrainedChunksLendTheirMemoryToLaterOnes) {
  ChunkedLog<int, 4> log;
  for (int i = 0; i < 10; ++i) log.push_back(i);  // chunks of 4, 4 and 2
  EXPECT_EQ(log.memory_bytes(), 3 * 4 * sizeof(int));

  std::vector<int> drained;
  log.drain_all_but_last(
      [&](std::span<const int> chunk) { drained.insert(drained.end(), chunk.begin(), chunk.end()); });
  EXPECT_EQ(drained, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(items_of(log), (std::vector<int>{8, 9}));
  EXPECT_EQ(log.size(), 2u);
  EXPECT_EQ(log.memory_bytes(), 4 * sizeof(int));
  EXPECT_EQ(log.spare_bytes(), 2 * 4 * sizeof(int));

  // The next chunks take the kept memory before any new one.
  for (int i = 10; i < 16; ++i) log.push_back(i);
  EXPECT_EQ(items_of(log), (std::vector<int>{8, 9, 10, 11, 12, 13, 14, 15}));
  EXPECT_EQ(log.memory_bytes(), 2 * 4 * sizeof(int));
  EXPECT_EQ(log.spare_bytes(), 4 * sizeof(int));
  log.release_spare();
  EXPECT_EQ(log.spare_bytes(), 0u);
  EXPECT_EQ(items_of(log), (std::vector<int>{8, 9, 10, 11, 12, 13, 14, 15}));
}

TEST(ChunkedLogTest, ADrainThatThrowsLosesOnlyWhatItTook) {
  ChunkedLog<int, 2> log;
  for (int i = 0; i < 6; ++i) log.push_back(i);  // chunks {0,1} {2,3} {4,5}
  int calls = 0;
  EXPECT_THROW(log.drain_all_but_last([&](std::span<const int>) {
    if (++calls == 2) throw std::runtime_error("disk full");
  }),
               std::runtime_error);
  std::vector<int> items;
  log.for_each([&](int item) { items.push_back(item); });
  EXPECT_EQ(items, (std::vector<int>{2, 3, 4, 5}));
  EXPECT_EQ(log.size(), 4u);
}

}  // namespace
}  // namespace ecomflow
