#include "pipeline/quarantine_sink.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/test_env.hpp"

namespace ecomflow {
namespace {

class QuarantineSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = testing::scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::filesystem::path directory_;
};

std::vector<QuarantineRecord> sample_records() {
  return {
      {QuarantineReason::kBadQuantity, "quantity -1", {"a.zip", "day.zip!part-001.json", 7}, "{\"q\": -1}"},
      {QuarantineReason::kCorruptArchive, "", {"b.zip", "", -1}, ""},
      // Larger than one read of the kept file, with bytes of every value.
      {QuarantineReason::kMalformedJson, "not JSON", {"c.json", "", -1}, std::string(70'000, '\0')},
      {QuarantineReason::kUnknownCustomer,
       "customer_id is not in the catalog",
       {"d.ndjson", "", 123456789012},
       "{\"customer_id\":\"c\xff\"}"},
  };
}

void expect_same(const QuarantineRecord& got, const QuarantineRecord& want) {
  EXPECT_EQ(got.reason, want.reason);
  EXPECT_EQ(got.detail, want.detail);
  EXPECT_EQ(got.source.file, want.source.file);
  EXPECT_EQ(got.source.entry, want.source.entry);
  EXPECT_EQ(got.source.index, want.source.index);
  EXPECT_EQ(got.raw, want.raw);
}

TEST_F(QuarantineSinkTest, KeptRecordsComeBackInOrderFromDisk) {
  std::vector<QuarantineRecord> expected;
  QuarantineSink sink(directory_ / "quarantine.ndjson", true);
  std::string raw_with_bytes;
  for (int c = 0; c < 256; ++c) raw_with_bytes += char(c);
  for (int batch = 0; batch < 50; ++batch) {
    std::vector<QuarantineRecord> records = sample_records();
    records[0].source.index = batch;
    records[1].raw = raw_with_bytes;
    expected.insert(expected.end(), records.begin(), records.end());
    sink.add(records);
    EXPECT_TRUE(records.empty());
  }
  sink.commit();
  EXPECT_EQ(sink.kept_count(), int64_t(expected.size()));
  for (int pass = 0; pass < 2; ++pass) {  // each reader starts from the first record
    QuarantineSink::KeptReader reader = sink.kept();
    QuarantineRecord record;
    for (const QuarantineRecord& want : expected) {
      ASSERT_TRUE(reader.next(record));
      expect_same(record, want);
    }
    EXPECT_FALSE(reader.next(record));
  }
  std::ifstream file(directory_ / "quarantine.ndjson");
  size_t lines = 0;
  for (std::string line; std::getline(file, line);) ++lines;
  EXPECT_EQ(lines, expected.size());
}

TEST_F(QuarantineSinkTest, NothingKeptWithoutTheDatabase) {
  QuarantineSink sink(directory_ / "quarantine.ndjson", false);
  std::vector<QuarantineRecord> records = sample_records();
  sink.add(records);
  sink.commit();
  EXPECT_EQ(sink.kept_count(), 0);
  QuarantineRecord record;
  EXPECT_FALSE(sink.kept().next(record));
  EXPECT_TRUE(std::filesystem::exists(directory_ / "quarantine.ndjson"));
}

}  // namespace
}  // namespace ecomflow
