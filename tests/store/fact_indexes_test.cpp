#include "store/fact_indexes.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"
#include "store/warehouse_load.hpp"
#include "store/warehouse_schema.hpp"
#include "store/warehouse_test_data.hpp"

namespace ecomflow {
namespace {

using testing::kStart;
using testing::random_events;
using testing::source_of;

/// Enough events to count as a large load into an empty warehouse.
constexpr size_t kLargeLoad = 60'000;

class FactIndexesTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    migrate(db());
  }

  WarehouseLoadResult load(const std::vector<FactEvent>& events, const std::vector<int64_t>& replaced,
                           const FactEventSource& source) {
    WarehouseOptions options;
    options.expected_events = int64_t(events.size());
    WarehouseLoadResult result;
    with_transaction(db(), [&] {
      result = load_warehouse(db(), catalog_, begin_run(db()), false, replaced, source, options);
    });
    return result;
  }
  WarehouseLoadResult load(const std::vector<FactEvent>& events, const std::vector<int64_t>& replaced = {}) {
    return load(events, replaced, source_of(events, 4096));
  }

  /// Every index of the two fact tables, name and definition, in name order.
  std::vector<std::string> fact_index_definitions() {
    const std::string sql =
        db().backend() == "postgresql"
            ? "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'warehouse' "
              "AND tablename IN ('fact_events', 'fact_sales') ORDER BY indexname"
            : "SELECT name || ' ' || sql FROM sqlite_master WHERE type = 'index' "
              "AND tbl_name IN ('warehouse_fact_events', 'warehouse_fact_sales') ORDER BY name";
    std::vector<std::string> definitions;
    for (const auto& row : db().query(sql).rows) definitions.push_back(row[0].value_or(""));
    return definitions;
  }

  std::string scalar(const std::string& sql) {
    return db().query(warehouse_sql(db(), sql)).rows.at(0).at(0).value_or("NULL");
  }

  Catalog catalog_ = testing::small_catalog();
};

TEST_P(FactIndexesTest, LargeLoadRebuildsEveryIndexItDropped) {
  const std::vector<std::string> before = fact_index_definitions();
  ASSERT_GE(before.size(), size_t{6});
  const auto events = random_events(catalog_, 1, kLargeLoad, kStart, 20, 1);
  const WarehouseLoadResult result = load(events);
  // fact_sales' four B-trees; on SQLite also fact_events' two (PostgreSQL's are BRIN, kept).
  EXPECT_EQ(result.indexes_rebuilt, db().backend() == "postgresql" ? 4 : 6);
  EXPECT_EQ(fact_index_definitions(), before);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events"), std::to_string(kLargeLoad));
  // The rebuilt indexes hold every row: a lookup through each finds them all.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events WHERE file_id = 1"),
            std::to_string(kLargeLoad));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_sales WHERE file_id = 1"),
            scalar("SELECT COUNT(*) FROM warehouse.fact_sales"));
}

TEST_P(FactIndexesTest, SmallLoadIntoALargeWarehouseKeepsTheIndexes) {
  load(random_events(catalog_, 1, kLargeLoad, kStart, 20, 2));
  const std::vector<std::string> before = fact_index_definitions();
  const WarehouseLoadResult result =
      load(random_events(catalog_, 2, 2'000, kStart + 30 * kMicrosPerDay, 1, 3));
  EXPECT_EQ(result.indexes_rebuilt, 0);
  EXPECT_EQ(fact_index_definitions(), before);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM warehouse.fact_events"), std::to_string(kLargeLoad + 2'000));
}

TEST_P(FactIndexesTest, LargeLoadThatFailsLeavesTablesAndIndexesAsBefore) {
  const auto first = random_events(catalog_, 1, kLargeLoad, kStart, 20, 4);
  load(first);
  const std::vector<std::string> indexes = fact_index_definitions();
  const std::string facts = scalar(
      "SELECT CAST((SELECT COUNT(*) FROM warehouse.fact_events) AS TEXT) || '/' || "
      "CAST((SELECT SUM(revenue_cents) FROM warehouse.fact_sales) AS TEXT)");
  // Replacing the file with a larger one: the indexes are dropped, then the
  // source fails half-way through the events.
  const auto replacement = random_events(catalog_, 1, 2 * kLargeLoad, kStart, 20, 5);
  EXPECT_THROW(load(replacement, {1}, source_of(replacement, 4096, 15)), std::runtime_error);
  EXPECT_EQ(fact_index_definitions(), indexes);
  EXPECT_EQ(scalar("SELECT CAST((SELECT COUNT(*) FROM warehouse.fact_events) AS TEXT) || '/' || "
                   "CAST((SELECT SUM(revenue_cents) FROM warehouse.fact_sales) AS TEXT)"),
            facts);
}

TEST(LargeLoadTest, NeedsEnoughRowsNextToWhatIsStored) {
  EXPECT_FALSE(is_large_load(1'000, 0));
  EXPECT_TRUE(is_large_load(100'000, 0));
  EXPECT_TRUE(is_large_load(100'000, 400'000));
  EXPECT_FALSE(is_large_load(100'000, 400'001));
}

ECOMFLOW_ON_BOTH_BACKENDS(FactIndexesTest);

}  // namespace
}  // namespace ecomflow
