#include "validate/contract.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

RawField text(std::string_view value) { return {FieldState::kString, value}; }

RawRecord purchase() {
  RawRecord record;
  record.timestamp = text("2023-10-23T00:00:17");
  record.customer_id = text("c001");
  record.event_type = text("purchase");
  record.product_id = text("p007");
  record.quantity_state = QuantityState::kInteger;
  record.quantity = 2;
  return record;
}

QuarantineReason rejected(const RawRecord& record) {
  CheckedRecord out;
  Rejection rejection{};
  EXPECT_FALSE(check_contract(record, ContractLimits{}, out, rejection));
  return rejection.reason;
}

TEST(ContractTest, AcceptsAValidPurchase) {
  CheckedRecord out;
  Rejection rejection;
  ASSERT_TRUE(check_contract(purchase(), ContractLimits{}, out, rejection));
  EXPECT_EQ(out.type, EventType::kPurchase);
  EXPECT_EQ(out.quantity, 2);
  EXPECT_EQ(out.customer_id, "c001");
  EXPECT_EQ(out.product_id, "p007");
  EXPECT_EQ(format_timestamp(out.time), "2023-10-23T00:00:17Z");
}

TEST(ContractTest, NotAnObject) {
  RawRecord record;
  record.is_object = false;
  EXPECT_EQ(rejected(record), QuarantineReason::kNotAnObject);
}

TEST(ContractTest, Timestamp) {
  RawRecord record = purchase();
  record.timestamp = {};
  EXPECT_EQ(rejected(record), QuarantineReason::kMissingField);
  record.timestamp = {FieldState::kNull, {}};
  EXPECT_EQ(rejected(record), QuarantineReason::kMissingField);
  record.timestamp = {FieldState::kOther, "1698019217"};
  EXPECT_EQ(rejected(record), QuarantineReason::kBadTimestamp);
  record.timestamp = text("23/10/2023 00:00");
  EXPECT_EQ(rejected(record), QuarantineReason::kBadTimestamp);
}

TEST(ContractTest, CustomerMustBeANonEmptyString) {
  RawRecord record = purchase();
  record.customer_id = text("");
  EXPECT_EQ(rejected(record), QuarantineReason::kMissingField);
  record.customer_id = {FieldState::kOther, "17"};
  EXPECT_EQ(rejected(record), QuarantineReason::kMissingField);
}

TEST(ContractTest, EventType) {
  RawRecord record = purchase();
  record.event_type = {};
  EXPECT_EQ(rejected(record), QuarantineReason::kMissingField);
  record.event_type = text("refund");
  EXPECT_EQ(rejected(record), QuarantineReason::kUnknownEventType);
  record.event_type = text("Purchase");
  EXPECT_EQ(rejected(record), QuarantineReason::kUnknownEventType);
  record.event_type = {FieldState::kOther, "4"};
  EXPECT_EQ(rejected(record), QuarantineReason::kUnknownEventType);
}

TEST(ContractTest, ProductRequiredExceptForPageViews) {
  RawRecord record = purchase();
  record.product_id = {};
  EXPECT_EQ(rejected(record), QuarantineReason::kMissingField);
  record.event_type = text("page_view");
  CheckedRecord out;
  Rejection rejection;
  EXPECT_TRUE(check_contract(record, ContractLimits{}, out, rejection));
  EXPECT_EQ(out.quantity, 0);
}

TEST(ContractTest, PurchaseQuantity) {
  RawRecord record = purchase();
  record.quantity_state = QuantityState::kAbsent;
  EXPECT_EQ(rejected(record), QuarantineReason::kMissingField);
  record.quantity_state = QuantityState::kInvalid;
  EXPECT_EQ(rejected(record), QuarantineReason::kBadQuantity);
  record.quantity_state = QuantityState::kInteger;
  for (int64_t quantity : {int64_t(0), int64_t(-1), int64_t(10'001), INT64_MAX}) {
    record.quantity = quantity;
    EXPECT_EQ(rejected(record), QuarantineReason::kBadQuantity) << quantity;
  }
  record.quantity = 10'000;
  CheckedRecord out;
  Rejection rejection;
  EXPECT_TRUE(check_contract(record, ContractLimits{}, out, rejection));
  EXPECT_FALSE(check_contract(record, ContractLimits{500}, out, rejection));
}

TEST(ContractTest, CartQuantityDefaultsToOne) {
  RawRecord record = purchase();
  record.event_type = text("add_to_cart");
  record.quantity_state = QuantityState::kAbsent;
  CheckedRecord out;
  Rejection rejection;
  ASSERT_TRUE(check_contract(record, ContractLimits{}, out, rejection));
  EXPECT_EQ(out.quantity, 1);
  record.quantity_state = QuantityState::kInvalid;
  EXPECT_EQ(rejected(record), QuarantineReason::kBadQuantity);
}

TEST(ContractTest, ChecksInDocumentedOrder) {
  RawRecord record;  // everything missing: the timestamp is reported first
  EXPECT_EQ(rejected(record), QuarantineReason::kMissingField);
  record.timestamp = text("bad");
  record.event_type = text("nope");
  EXPECT_EQ(rejected(record), QuarantineReason::kBadTimestamp);
}

}  // namespace
}  // namespace ecomflow
