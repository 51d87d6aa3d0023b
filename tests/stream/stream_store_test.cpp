/// Commits of two consumers of one group into one warehouse, as two stream
/// processes write them: what one process knows about the warehouse between
/// its commits must not go stale when the other writes.

#include "stream/stream_store.hpp"

#include <gtest/gtest.h>

#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"
#include "store/warehouse_schema.hpp"
#include "store/warehouse_test_data.hpp"

namespace ecomflow {
namespace {

class StreamStoreTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!IsSkipped()) migrate(db());
  }

  /// One consumer: its own run and its view of the warehouse.
  struct Consumer {
    int32_t partition;
    int64_t run_id;
    int64_t offset = 0;
    StreamWarehouse warehouse;
  };

  Consumer consumer(int32_t partition) { return Consumer{partition, begin_run(db())}; }

  /// Commits one purchase at `time` from `consumer`'s partition.
  void commit(Consumer& consumer, TimestampUs time) {
    PartitionCommit partition{};
    partition.partition = consumer.partition;
    partition.expected_offset = consumer.offset;
    partition.next_offset = ++consumer.offset;
    partition.changes.events.push_back(testing::fact(0, time, 0, 1, EventType::kPurchase, 1).event);
    std::vector<PartitionCommit> partitions{std::move(partition)};
    write_stream_commit(db(), stream_, catalog_, consumer.run_id, partitions, consumer.warehouse, false);
  }

  int64_t scalar(const std::string& sql) {
    return std::stoll(*db().query(warehouse_sql(db(), sql)).rows.at(0).at(0));
  }

  const Catalog catalog_ = testing::small_catalog();
  const StreamIdentity stream_{"events", "shop"};
};

TEST_P(StreamStoreTest, AConsumerAddsOnlyTheDaysTheOtherHasNotAdded) {
  Consumer first = consumer(0);
  Consumer second = consumer(1);
  const TimestampUs day = kMicrosPerDay;
  commit(first, testing::kStart);
  commit(second, testing::kStart + 3600'000'000);
  // The second consumer's events reach two days further; the first one
  // learns of it only from the database.
  commit(second, testing::kStart + 2 * day);
  commit(first, testing::kStart + 3 * day);
  commit(first, testing::kStart - day);
  commit(second, testing::kStart - 2 * day);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.dim_date"), 6);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_sales"), 6);
}

ECOMFLOW_ON_BOTH_BACKENDS(StreamStoreTest);

}  // namespace
}  // namespace ecomflow
