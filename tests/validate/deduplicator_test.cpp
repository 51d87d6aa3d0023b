#include "validate/deduplicator.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace ecomflow {
namespace {

uint64_t fingerprint(TimestampUs time, uint32_t customer, std::string_view event_id = {}) {
  Event event{};
  event.time = time;
  event.type = EventType::kViewProduct;
  event.customer = customer;
  event.product = 7;
  return event_fingerprint(event, event_id);
}

TEST(DeduplicatorTest, SameContentIsADuplicate) {
  Deduplicator deduplicator;
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(1, 1)));
  EXPECT_FALSE(deduplicator.first_time(0, fingerprint(1, 1)));
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(2, 1)));
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(1, 2)));
  EXPECT_EQ(deduplicator.size(), 3u);
}

TEST(DeduplicatorTest, EventIdDecidesWhenPresent) {
  Deduplicator deduplicator;
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(1, 1, "e-1")));
  // Same id, different content (a re-delivery with a corrected field): still the same event.
  EXPECT_FALSE(deduplicator.first_time(0, fingerprint(5, 9, "e-1")));
  // Same content, different ids: two events.
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(1, 1, "e-2")));
}

TEST(DeduplicatorTest, ExactUnderConcurrencyAndGrowth) {
  Deduplicator deduplicator;
  constexpr int kPerThread = 200'000;
  std::atomic<int> firsts{0};
  auto offer = [&] {
    for (int i = 0; i < kPerThread; ++i)
      if (deduplicator.first_time(DayNumber(i % 7), uint64_t(i) * 0x9e3779b97f4a7c15ULL)) ++firsts;
  };
  std::thread a(offer), b(offer);
  a.join();
  b.join();
  EXPECT_EQ(firsts.load(), kPerThread);  // i = 0 maps to fingerprint 0, remapped, still counted once
  EXPECT_EQ(deduplicator.size(), size_t(kPerThread));
}

TEST(DeduplicatorTest, DaysAreSeparateAndSetsDoNotShareThreadCaches) {
  Deduplicator first;
  EXPECT_TRUE(first.first_time(100, 42));
  EXPECT_FALSE(first.first_time(100, 42));
  EXPECT_TRUE(first.first_time(101, 42));  // the same key on another day is another event
  Deduplicator second;                     // a fresh set on the same thread starts empty
  EXPECT_TRUE(second.first_time(100, 42));
  EXPECT_FALSE(first.first_time(100, 42));
  EXPECT_EQ(first.size(), 2u);
  EXPECT_EQ(second.size(), 1u);
}

}  // namespace
}  // namespace ecomflow

namespace ecomflow {
namespace {

TEST(DeduplicatorBatchTest, KeepsFirstOccurrencesInOrderAcrossDays) {
  Deduplicator deduplicator;
  auto event = [](TimestampUs time, uint64_t fingerprint) {
    Event e{};
    e.time = time;
    e.fingerprint = fingerprint;
    return e;
  };
  const TimestampUs day = kMicrosPerDay;
  std::vector<Event> events = {event(1, 10), event(2, 11), event(3, 10),       event(day + 1, 10),
                               event(4, 12), event(5, 11), event(day + 2, 10), event(day + 3, 13)};
  deduplicator.keep_first_occurrences(events);
  std::vector<uint64_t> kept;
  for (const Event& e : events) kept.push_back(e.fingerprint);
  EXPECT_EQ(kept, (std::vector<uint64_t>{10, 11, 10, 12, 13}));  // day 0: 10, 11, 12; day 1: 10, 13
  std::vector<Event> again = {event(6, 12), event(day + 9, 14)};
  deduplicator.keep_first_occurrences(again);  // 12 was seen on day 0 in the earlier batch
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].fingerprint, 14u);
  EXPECT_FALSE(deduplicator.first_time(0, 11));
}

}  // namespace
}  // namespace ecomflow
