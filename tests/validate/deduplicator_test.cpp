#include "validate/deduplicator.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace ecomflow {
namespace {

CheckedRecord record(TimestampUs time, std::string_view customer, std::string_view event_id = {}) {
  CheckedRecord checked{};
  checked.time = time;
  checked.type = EventType::kViewProduct;
  checked.customer_id = customer;
  checked.product_id = "p001";
  checked.event_id = event_id;
  return checked;
}

TEST(DeduplicatorTest, SameContentIsADuplicate) {
  Deduplicator deduplicator;
  EXPECT_TRUE(deduplicator.first_time(event_fingerprint(record(1, "c001"))));
  EXPECT_FALSE(deduplicator.first_time(event_fingerprint(record(1, "c001"))));
  EXPECT_TRUE(deduplicator.first_time(event_fingerprint(record(2, "c001"))));
  EXPECT_TRUE(deduplicator.first_time(event_fingerprint(record(1, "c002"))));
  EXPECT_EQ(deduplicator.size(), 3u);
}

TEST(DeduplicatorTest, EventIdDecidesWhenPresent) {
  Deduplicator deduplicator;
  EXPECT_TRUE(deduplicator.first_time(event_fingerprint(record(1, "c001", "e-1"))));
  // Same id, different content (a re-delivery with a corrected field): still the same event.
  EXPECT_FALSE(deduplicator.first_time(event_fingerprint(record(5, "c009", "e-1"))));
  // Same content, different ids: two events.
  EXPECT_TRUE(deduplicator.first_time(event_fingerprint(record(1, "c001", "e-2"))));
}

TEST(DeduplicatorTest, ExactUnderConcurrencyAndGrowth) {
  Deduplicator deduplicator;
  constexpr int kPerThread = 200'000;
  std::atomic<int> firsts{0};
  auto offer = [&] {
    for (int i = 0; i < kPerThread; ++i)
      if (deduplicator.first_time(uint64_t(i) * 0x9e3779b97f4a7c15ULL)) ++firsts;
  };
  std::thread a(offer), b(offer);
  a.join();
  b.join();
  EXPECT_EQ(firsts.load(), kPerThread);  // i = 0 maps to fingerprint 0, remapped, still counted once
  EXPECT_EQ(deduplicator.size(), size_t(kPerThread));
}

}  // namespace
}  // namespace ecomflow
