// The contract's limits on values that parse but must not reach the
// warehouse: timestamps outside the valid range, keys given twice.
#include <gtest/gtest.h>

#include "validate/contract.hpp"

namespace ecomflow {
namespace {

RawRecord view_at(std::string_view timestamp) {
  RawRecord record;
  record.timestamp = {FieldState::kString, timestamp};
  record.customer_id = {FieldState::kString, "c001"};
  record.event_type = {FieldState::kString, "page_view"};
  return record;
}

bool accepted(const RawRecord& record, const ContractLimits& limits, Rejection& rejection) {
  CheckedRecord out;
  ContractChecker checker(limits);
  const bool stream_verdict = checker.check(record, out, rejection);
  EXPECT_EQ(stream_verdict, check_contract(record, limits, out, rejection));
  return stream_verdict;
}

TEST(ContractLimits, TimestampsOutsideTheDefaultRangeAreBad) {
  Rejection rejection{};
  for (const char* timestamp : {"0000-01-01T00:00:00", "1969-12-31T23:59:59Z", "2100-01-01T00:00:00",
                                "9999-12-31T23:59:59", "2099-12-31T23:00:00-01:00"}) {
    EXPECT_FALSE(accepted(view_at(timestamp), ContractLimits{}, rejection)) << timestamp;
    EXPECT_EQ(rejection.reason, QuarantineReason::kBadTimestamp) << timestamp;
    EXPECT_EQ(rejection.detail, "timestamp is outside the valid date range");
  }
  for (const char* timestamp : {"1970-01-01T00:00:00Z", "2023-10-23T00:00:17", "2099-12-31T23:59:59.999999"})
    EXPECT_TRUE(accepted(view_at(timestamp), ContractLimits{}, rejection)) << timestamp;
}

TEST(ContractLimits, TheRangeIsConfigurable) {
  ContractLimits limits;
  limits.earliest_time = *parse_date("2023-10-23") * kMicrosPerDay;
  limits.end_time = (*parse_date("2023-10-29") + 1) * kMicrosPerDay;
  Rejection rejection{};
  EXPECT_TRUE(accepted(view_at("2023-10-23T00:00:00"), limits, rejection));
  EXPECT_TRUE(accepted(view_at("2023-10-29T23:59:59"), limits, rejection));
  EXPECT_FALSE(accepted(view_at("2023-10-22T23:59:59"), limits, rejection));
  EXPECT_FALSE(accepted(view_at("2023-10-30T00:00:00"), limits, rejection));
}

TEST(ContractLimits, ARepeatedContractKeyIsDuplicateField) {
  RawRecord record = view_at("2023-10-23T00:00:17");
  record.duplicate_field = true;
  Rejection rejection{};
  EXPECT_FALSE(accepted(record, ContractLimits{}, rejection));
  EXPECT_EQ(rejection.reason, QuarantineReason::kDuplicateField);
  EXPECT_EQ(quarantine_reason_name(rejection.reason), "duplicate_field");
}

}  // namespace
}  // namespace ecomflow
