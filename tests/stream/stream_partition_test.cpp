#include "stream/stream_partition.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace ecomflow {
namespace {

Catalog small_catalog() {
  Catalog catalog;
  catalog.add_customer("c001", 0, "VIP");
  catalog.add_customer("c002", 0, "New");
  catalog.add_product("p001", "Product Alpha 1", "Books", 2450, 5);
  return catalog;
}

std::string message(const std::string& time, const std::string& type, const std::string& customer = "c001",
                    int quantity = 0) {
  std::string text = fmt::format(
      R"({{"timestamp": "2024-03-01T{}Z", "customer_id": "{}", "event_type": "{}")", time, customer, type);
  if (type != "page_view") text += R"(, "product_id": "p001")";
  if (quantity > 0) text += fmt::format(R"(, "quantity": {})", quantity);
  return text + "}";
}

constexpr TimestampUs kTenMinutes = 600 * kMicrosPerSecond;

/// Feeds messages from offset 0 and returns the partition.
struct Fixture {
  Catalog catalog = small_catalog();
  MessageChecker checker{catalog, ContractLimits{}};
  std::unique_ptr<StreamPartition> partition;
  explicit Fixture(StoredPartition stored = {}) {
    partition = std::make_unique<StreamPartition>(0, "kafka:t/0", catalog, kTenMinutes, std::move(stored),
                                                  Deduplicator::Options{});
  }
  void feed(const std::vector<std::string>& messages, int64_t first_offset = 0) {
    for (size_t i = 0; i < messages.size(); ++i)
      partition->consume(first_offset + int64_t(i), messages[i], checker);
  }
  PartitionChanges changes() const {
    PartitionChanges out;
    partition->collect_changes(out);
    return out;
  }
};

const WindowRow* find_window(const PartitionChanges& changes, int64_t size, const std::string& start) {
  for (const WindowRow& row : changes.windows)
    if (row.size_seconds == size && row.start == *parse_timestamp("2024-03-01T" + start + "Z")) return &row;
  return nullptr;
}

TEST(StreamPartitionTest, EveryMessageHasOneOutcome) {
  Fixture fixture;
  fixture.feed(
      {message("10:00:00", "view_product"), "not json", message("10:00:00", "view_product"),
       message("10:20:00", "purchase", "c002", 2), message("10:05:00", "view_product"),
       R"({"timestamp": "2024-03-01T10:21:00Z", "customer_id": "c999", "event_type": "page_view"})"});
  const PartitionCounts& counts = fixture.partition->counts();
  EXPECT_EQ(counts.consumed, 6);
  EXPECT_EQ(counts.valid, 2);
  EXPECT_EQ(counts.quarantined, 2);
  EXPECT_EQ(counts.duplicates, 1);
  EXPECT_EQ(counts.late, 1);
  const PartitionChanges changes = fixture.changes();
  ASSERT_EQ(changes.quarantined.size(), 2u);
  EXPECT_EQ(changes.quarantined[0].reason, QuarantineReason::kMalformedJson);
  EXPECT_EQ(changes.quarantined[0].source.file, "kafka:t/0");
  EXPECT_EQ(changes.quarantined[0].source.index, 1);
  EXPECT_EQ(changes.quarantined[0].raw, "not json");
  EXPECT_EQ(changes.quarantined[1].reason, QuarantineReason::kUnknownCustomer);
  ASSERT_EQ(changes.late.size(), 1u);
  EXPECT_EQ(changes.late[0].offset, 4);
  EXPECT_EQ(changes.late[0].watermark - changes.late[0].event_time, 5 * 60 * kMicrosPerSecond);
}

TEST(StreamPartitionTest, WindowsCountExactlyAndCloseBehindTheWatermark) {
  Fixture fixture;
  fixture.feed({message("10:00:10", "view_product"), message("10:00:20", "add_to_cart", "c002", 1),
                message("10:00:30", "purchase", "c002", 3), message("10:00:40", "page_view"),
                message("10:11:00", "page_view")});
  const PartitionChanges changes = fixture.changes();
  const WindowRow* minute = find_window(changes, 60, "10:00:00");
  ASSERT_NE(minute, nullptr);
  EXPECT_EQ(minute->metrics.events, 4);
  EXPECT_EQ(minute->metrics.customers, 2);
  EXPECT_EQ(minute->metrics.product_views, 1);
  EXPECT_EQ(minute->metrics.cart_adds, 1);
  EXPECT_EQ(minute->metrics.purchases, 1);
  EXPECT_EQ(minute->metrics.units, 3);
  EXPECT_EQ(minute->metrics.revenue, 3 * 2450);
  EXPECT_TRUE(minute->closed);  // the watermark is 10:01:00
  const WindowRow* hour = find_window(changes, 3600, "10:00:00");
  ASSERT_NE(hour, nullptr);
  EXPECT_EQ(hour->metrics.events, 5);
  EXPECT_FALSE(hour->closed);
  ASSERT_EQ(changes.products.size(), 1u);
  EXPECT_EQ(changes.products[0].metrics.views, 1);
  EXPECT_EQ(changes.products[0].metrics.cart_adds, 1);
  EXPECT_EQ(changes.products[0].metrics.purchases, 1);
  EXPECT_EQ(changes.products[0].metrics.units, 3);
  EXPECT_EQ(changes.products[0].metrics.revenue, 3 * 2450);
  fixture.partition->mark_committed();
  EXPECT_EQ(fixture.partition->open_windows(), 2u);  // 10:11 and the hour; the closed minute left memory
  EXPECT_FALSE(fixture.partition->has_changes());
}

TEST(StreamPartitionTest, ReplayRebuildsStateWithoutRepeatingOutput) {
  const std::vector<std::string> messages = {
      message("10:00:00", "view_product"), "oops", message("10:20:00", "view_product"),
      message("10:05:00", "page_view"), message("10:00:00", "view_product")};
  Fixture live;
  live.feed(messages);
  // Stored after the first four; the fifth is a duplicate only if the index is rebuilt.
  StoredPartition stored;
  stored.next_offset = 4;
  stored.counts = {4, 2, 1, 0, 1};
  stored.late_offsets = {3};
  stored.watermark = *parse_timestamp("2024-03-01T10:10:00Z");
  Fixture resumed(stored);
  resumed.feed(messages);
  EXPECT_FALSE(resumed.partition->rebuilding());
  const PartitionChanges changes = resumed.changes();
  EXPECT_TRUE(changes.events.empty());
  EXPECT_TRUE(changes.quarantined.empty());
  EXPECT_TRUE(changes.late.empty());
  EXPECT_EQ(resumed.partition->counts().duplicates, 1);
  EXPECT_EQ(resumed.partition->counts().consumed, 5);
  EXPECT_EQ(resumed.partition->watermark(), live.partition->watermark());
  EXPECT_EQ(resumed.partition->counts().consumed, live.partition->counts().consumed);
  EXPECT_EQ(resumed.partition->counts().late, live.partition->counts().late);
}

}  // namespace
}  // namespace ecomflow
