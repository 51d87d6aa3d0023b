#include "gen/order_export_writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/order_export.hpp"
#include "gen/catalog_generator.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

/// The first field of every data row of every orders file, in file order.
std::vector<std::string> order_ids(const OrderExportResult& result) {
  std::vector<std::string> ids;
  for (const std::filesystem::path& file : result.files) {
    if (!file.filename().string().starts_with("orders_")) continue;
    const std::string text = testing::read_file(file);
    size_t line = text.find('\n') + 1;
    while (line < text.size()) {
      ids.push_back(text.substr(line, text.find(',', line) - line));
      line = text.find('\n', line) + 1;
    }
  }
  return ids;
}

class OrderExportWriterTest : public ::testing::Test {
 protected:
  OrderExportWriterTest() : catalog_(generate_catalog({})) {
    options_.profile = Profile::kOrders;
    options_.orders_per_day = 40;
    options_.seed = 9;
  }
  OrderExportResult generate(const std::string& name, double dirty_rate) {
    options_.out = testing::scratch_dir("orders-gen") / name;
    options_.dirty_rate = dirty_rate;
    return generate_order_exports(options_, catalog_);
  }
  Catalog catalog_;
  GeneratorOptions options_;
};

TEST_F(OrderExportWriterTest, OnePairOfFilesPerDayWithTheirHeaders) {
  const OrderExportResult result = generate("clean", 0);
  ASSERT_EQ(result.files.size(), 14u);
  EXPECT_EQ(result.files[0].filename(), "orders_2023-10-23.csv");
  EXPECT_EQ(result.files[1].filename(), "order_items_2023-10-23.csv");
  EXPECT_TRUE(testing::read_file(result.files[0])
                  .starts_with("order_id,customer_id,order_date,status,payment_method,total_amount\n"));
  EXPECT_TRUE(testing::read_file(result.files[1])
                  .starts_with("order_item_id,order_id,product_id,quantity,unit_price\n"));
  // Five weekdays of 40 orders and a weekend of 52 a day.
  EXPECT_EQ(result.order_rows, 5 * 40 + 2 * 52);
  EXPECT_EQ(result.valid_orders, result.order_rows);
  EXPECT_EQ(result.valid_lines, result.item_rows);
  EXPECT_TRUE(result.manifest.empty());
}

TEST_F(OrderExportWriterTest, SameSeedSameBytes) {
  const OrderExportResult first = generate("first", 0.1);
  const OrderExportResult second = generate("second", 0.1);
  ASSERT_EQ(first.files.size(), second.files.size());
  for (size_t i = 0; i < first.files.size(); ++i)
    EXPECT_EQ(testing::read_file(first.files[i]), testing::read_file(second.files[i])) << first.files[i];
  EXPECT_EQ(testing::read_file(first.manifest), testing::read_file(second.manifest));
}

TEST_F(OrderExportWriterTest, DirtSpoilsOrdersButKeepsTheCleanOnes) {
  const OrderExportResult clean = generate("clean", 0);
  const OrderExportResult dirty = generate("dirty", 0.2);
  for (size_t i = 0; i < kOrderFaults.size(); ++i)
    EXPECT_GT(dirty.faults[i], 0) << quarantine_reason_name(kOrderFaults[i]);
  EXPECT_GT(dirty.duplicates, 0);
  EXPECT_EQ(dirty.records, dirty.valid_orders + dirty.quarantined() + dirty.duplicates);
  // Every order keeps its id and place; a repeated row repeats an id.
  const std::vector<std::string> clean_ids = order_ids(clean);
  std::vector<std::string> dirty_ids = order_ids(dirty);
  dirty_ids.erase(std::unique(dirty_ids.begin(), dirty_ids.end()), dirty_ids.end());
  EXPECT_EQ(dirty_ids, clean_ids);
  EXPECT_EQ(dirty.order_rows, clean.order_rows + dirty.duplicates);
  const std::string manifest = testing::read_file(dirty.manifest);
  EXPECT_NE(manifest.find("\"valid\": " + std::to_string(dirty.valid_orders) + ","), std::string::npos);
  EXPECT_NE(manifest.find("\"items_total_mismatch\": "), std::string::npos);
}

TEST_F(OrderExportWriterTest, RefusesToOverwrite) {
  generate("again", 0);
  EXPECT_THROW(generate_order_exports(options_, catalog_), UserError);
  options_.force = true;
  EXPECT_NO_THROW(generate_order_exports(options_, catalog_));
}

}  // namespace
}  // namespace ecomflow
