#include "stream/tumbling_windows.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace ecomflow {
namespace {

constexpr TimestampUs kMinute = 60 * kMicrosPerSecond;

Event view(uint32_t customer, TimestampUs time) {
  Event e{};
  e.time = time;
  e.customer = customer;
  e.type = EventType::kViewProduct;
  return e;
}

std::vector<WindowRow> commit(TumblingWindows& windows) {
  std::vector<WindowRow> rows;
  windows.collect_changes(rows);
  windows.mark_committed();
  return rows;
}

TEST(TumblingWindowsTest, ACommitHandsOutOnlyTheWindowsChangedSinceTheLast) {
  TumblingWindows windows(60);
  windows.add(view(1, 0), 0);
  windows.add(view(2, 5 * kMinute), 0);
  EXPECT_TRUE(windows.has_changes());
  EXPECT_EQ(commit(windows).size(), 2u);
  EXPECT_FALSE(windows.has_changes());
  EXPECT_TRUE(commit(windows).empty());
  // One event changes one window; the watermark closes the first one.
  windows.add(view(1, 5 * kMinute + 1), 0);
  windows.close_until(kMinute);
  const std::vector<WindowRow> rows = commit(windows);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].start, 0);
  EXPECT_TRUE(rows[0].closed);
  EXPECT_EQ(rows[1].start, 5 * kMinute);
  EXPECT_FALSE(rows[1].closed);
  EXPECT_EQ(rows[1].metrics.events, 2);
  EXPECT_EQ(rows[1].metrics.customers, 2);
  // The closed window left memory; a watermark that does not move closes nothing.
  EXPECT_EQ(windows.open_windows(), 1u);
  windows.close_until(kMinute);
  EXPECT_FALSE(windows.has_changes());
}

TEST(TumblingWindowsTest, DistinctCustomersAndStateBytesFollowTheWindows) {
  TumblingWindows windows(3600);
  std::mt19937 random(7);
  std::set<uint32_t> customers;
  for (int i = 0; i < 5000; ++i) {
    const uint32_t customer = random() % 700;
    customers.insert(customer);
    windows.add(view(customer, TimestampUs(random() % 3600) * kMicrosPerSecond), 0);
  }
  const size_t held = windows.state_bytes();
  EXPECT_GT(held, customers.size() * sizeof(uint32_t));
  std::vector<WindowRow> rows = commit(windows);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].metrics.customers, int64_t(customers.size()));
  EXPECT_EQ(rows[0].metrics.events, 5000);
  windows.close_until(3600 * kMicrosPerSecond);
  rows = commit(windows);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].closed);
  EXPECT_EQ(windows.open_windows(), 0u);
  EXPECT_EQ(windows.state_bytes(), 0u);
}

}  // namespace
}  // namespace ecomflow
