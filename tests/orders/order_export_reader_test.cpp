#include "orders/order_export_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/test_env.hpp"

namespace ecomflow {
namespace {

/// A scratch directory with one export in it.
class OrderExportReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = testing::scratch_dir("order-export");
    catalog_.add_customer("c001", days_from_civil(2023, 1, 1), "VIP");
    catalog_.add_customer("c002", days_from_civil(2023, 1, 1), "New");
    catalog_.add_product("p001", "Lamp", "Home", 2450, 10);
    catalog_.add_product("p002", "Pen", "Books", 199, 10);
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(directory_ / name, std::ios::binary) << text;
  }

  OrderExportRead read(const std::string& orders_name = "orders_2023-10-23.csv") {
    OrderExportRead result;
    read_order_export(directory_ / orders_name, catalog_, ContractLimits{}, seen_, result);
    return result;
  }

  int64_t reason(const OrderExportRead& result, QuarantineReason why) {
    return result.counts.quarantined_by_reason[int(why)];
  }

  std::filesystem::path directory_;
  Catalog catalog_;
  std::unordered_set<std::string> seen_;
};

constexpr const char* kOrdersHeader = "order_id,customer_id,order_date,status,payment_method,total_amount\n";
constexpr const char* kItemsHeader = "order_item_id,order_id,product_id,quantity,unit_price\n";

TEST_F(OrderExportReaderTest, EveryRowHasExactlyOneOutcome) {
  write("orders_2023-10-23.csv",
        std::string(kOrdersHeader) +
            "A1,c001,2023-10-23 09:00:00,delivered,card,50.99\n"         // valid: 2 × 24.50 + 1.99
            "A1,c001,2023-10-23 09:00:00,delivered,card,50.99\n"         // duplicate
            "A2,c999,2023-10-23 10:00:00,paid,card,1.99\n"               // unknown_customer
            "A3,c002,2023-10-23 11:00:00,paid,card,24.50\n"              // unknown_product
            "A4,c002,2023-10-23 12:00:00,paid,card,abc\n"                // bad_amount
            "A5,c002,2023-10-23 13:00:00,paid,card,5.00\n"               // items_total_mismatch
            "A6,c002,2023-10-23 14:00:00,refunded,card,1.99\n"           // bad_status
            "A7,c002,2023-10-23 15:00:00,paid,bitcoin,1.99\n"            // bad_payment_method
            "A8,c002,2023-02-30 15:00:00,paid,card,1.99\n"               // bad_timestamp
            "A9,c002,2023-10-23 16:00:00,paid,card,1.99\n"               // bad_quantity
            "A10,,2023-10-23 17:00:00,paid,card,1.99\n"                  // missing_field
            "A11,c002,2023-10-23 18:00:00,paid,card,1.99,extra\n"        // malformed_row
            "A12,c002,2023-10-23 19:00:00,cancelled,gift_card,3.98\n");  // valid
  write("order_items_2023-10-23.csv",
        std::string(kItemsHeader) +
            "1,A1,p001,2,24.50\n2,A1,p002,1,1.99\n3,A2,p002,1,1.99\n4,A3,p404,1,24.50\n5,A4,p002,1,1.99\n"
            "6,A5,p002,1,1.99\n7,A6,p002,1,1.99\n8,A7,p002,1,1.99\n9,A8,p002,1,1.99\n10,A9,p002,0,1.99\n"
            "11,A10,p002,1,1.99\n12,A11,p002,1,1.99\n13,A12,p002,2,1.99\n"
            "14,B1,p002,1,1.99\n");  // unknown_order
  const OrderExportRead result = read();
  EXPECT_EQ(result.counts.records_read, 14);
  EXPECT_EQ(result.counts.valid, 2);
  EXPECT_EQ(result.counts.duplicates, 1);
  EXPECT_EQ(result.counts.quarantined(), 11);
  for (const QuarantineReason why :
       {QuarantineReason::kUnknownCustomer, QuarantineReason::kUnknownProduct, QuarantineReason::kBadAmount,
        QuarantineReason::kItemsTotalMismatch, QuarantineReason::kBadStatus,
        QuarantineReason::kBadPaymentMethod, QuarantineReason::kBadTimestamp, QuarantineReason::kBadQuantity,
        QuarantineReason::kMissingField, QuarantineReason::kMalformedRow, QuarantineReason::kUnknownOrder})
    EXPECT_EQ(reason(result, why), 1) << quarantine_reason_name(why);
  ASSERT_EQ(result.orders.size(), 2u);
  const ExportedOrder& first = result.orders[0];
  EXPECT_EQ(first.export_id, "A1");
  EXPECT_EQ(first.total, 5099);
  EXPECT_EQ(first.time, *parse_timestamp("2023-10-23T09:00:00Z"));
  ASSERT_EQ(first.lines.size(), 2u);
  EXPECT_EQ(first.lines[0].quantity, 2);
  EXPECT_EQ(first.lines[0].unit_price, 2450);
  EXPECT_EQ(result.orders[1].status, "cancelled");
  EXPECT_EQ(result.quarantined.size(), 11u);
  EXPECT_EQ(result.quarantined.front().source.index, 4);  // A2, on line 4 of the orders file
}

TEST_F(OrderExportReaderTest, AnOrderSeenBeforeIsADuplicate) {
  write("orders_2023-10-23.csv", std::string(kOrdersHeader) + "A1,c001,2023-10-23 09:00:00,paid,card,1.99\n");
  write("order_items_2023-10-23.csv", std::string(kItemsHeader) + "1,A1,p002,1,1.99\n");
  seen_.insert("A1");
  const OrderExportRead result = read();
  EXPECT_EQ(result.counts.records_read, 1);
  EXPECT_EQ(result.counts.duplicates, 1);
  EXPECT_TRUE(result.orders.empty());
}

TEST_F(OrderExportReaderTest, AProductTwiceInOneOrderIsMalformed) {
  write("orders_2023-10-23.csv", std::string(kOrdersHeader) + "A1,c001,2023-10-23 09:00:00,paid,card,3.98\n");
  write("order_items_2023-10-23.csv", std::string(kItemsHeader) + "1,A1,p002,1,1.99\n2,A1,p002,1,1.99\n");
  const OrderExportRead result = read();
  EXPECT_EQ(reason(result, QuarantineReason::kMalformedRow), 1);
  EXPECT_TRUE(result.orders.empty());
}

TEST_F(OrderExportReaderTest, WholeFileProblemsReadNoRows) {
  write("orders_2023-10-23.csv", std::string(kOrdersHeader) + "A1,c001,2023-10-23 09:00:00,paid,card,1.99\n");
  OrderExportRead missing = read();
  EXPECT_EQ(missing.counts.files_quarantined, 1);
  EXPECT_EQ(missing.counts.file_problems_by_reason[int(QuarantineReason::kMissingItemsFile)], 1);
  EXPECT_EQ(missing.counts.records_read, 0);

  write("order_items_2023-10-23.csv", "order_item_id,order_id,product_id,quantity\n1,A1,p002,1\n");
  OrderExportRead bad_header = read();
  EXPECT_EQ(bad_header.counts.file_problems_by_reason[int(QuarantineReason::kBadHeader)], 1);
  EXPECT_EQ(bad_header.counts.records_read, 0);
  EXPECT_TRUE(bad_header.orders.empty());
}

TEST_F(OrderExportReaderTest, FindsOnlyOrdersFiles) {
  write("orders_2023-10-24.csv", kOrdersHeader);
  write("orders_2023-10-23.csv", kOrdersHeader);
  write("order_items_2023-10-23.csv", kItemsHeader);
  write("notes.csv", "x\n");
  const std::vector<std::filesystem::path> found = discover_order_exports(directory_);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].filename(), "orders_2023-10-23.csv");
  EXPECT_EQ(found[1].filename(), "orders_2023-10-24.csv");
}

}  // namespace
}  // namespace ecomflow
