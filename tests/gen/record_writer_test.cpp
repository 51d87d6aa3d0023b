#include "gen/record_writer.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

RecordFields sample_fields() {
  RecordFields fields;
  fields.add("timestamp", "2023-10-23T00:00:17");
  fields.add("customer_id", "c042");
  fields.add("quantity", "2", false);
  return fields;
}

std::string write_two(RecordLayout layout) {
  RecordWriter writer(layout);
  std::string out;
  writer.begin(out);
  const RecordFields fields = sample_fields();
  const RecordSpan span = writer.write(out, fields);
  writer.write_copy(out, std::string(out, span.offset, span.length));
  writer.end(out);
  EXPECT_EQ(writer.count(), 2);
  return out;
}

TEST(RecordWriter, IndentedLikePythonJsonDump) {
  EXPECT_EQ(write_two(RecordLayout::kIndentedArray),
            "[\n"
            "  {\n"
            "    \"timestamp\": \"2023-10-23T00:00:17\",\n"
            "    \"customer_id\": \"c042\",\n"
            "    \"quantity\": 2\n"
            "  },\n"
            "  {\n"
            "    \"timestamp\": \"2023-10-23T00:00:17\",\n"
            "    \"customer_id\": \"c042\",\n"
            "    \"quantity\": 2\n"
            "  }\n"
            "]");
}

TEST(RecordWriter, CompactAndNdjson) {
  const std::string object = R"({"timestamp":"2023-10-23T00:00:17","customer_id":"c042","quantity":2})";
  EXPECT_EQ(write_two(RecordLayout::kCompactArray), "[" + object + "," + object + "]");
  EXPECT_EQ(write_two(RecordLayout::kNdjson), object + "\n" + object + "\n");
}

TEST(RecordWriter, EmptyArrayAndNonObjects) {
  RecordWriter writer(RecordLayout::kIndentedArray);
  std::string out;
  writer.begin(out);
  writer.end(out);
  EXPECT_EQ(out, "[]");
  out.clear();
  writer.begin(out);
  RecordFields fields;
  fields.set_element("12345");
  writer.write(out, fields);
  writer.end(out);
  EXPECT_EQ(out, "[\n  12345\n]");
}

TEST(RecordFields, EditsKeepOrder) {
  RecordFields fields = sample_fields();
  fields.insert_after("customer_id", {"product_id", "p001", true});
  EXPECT_EQ(fields.begin()[2].key, "product_id");
  EXPECT_TRUE(fields.remove("customer_id"));
  EXPECT_FALSE(fields.remove("customer_id"));
  ASSERT_EQ(fields.size(), 3);
  EXPECT_EQ(fields.begin()[1].key, "product_id");
  EXPECT_EQ(fields.begin()[2].key, "quantity");
}

TEST(RecordFields, FormatsTimestampsAndNumbers) {
  char buffer[32];
  const int64_t seconds = int64_t(days_from_civil(2024, 2, 29)) * kSecondsPerDay + 23 * 3600 + 59 * 60 + 58;
  EXPECT_EQ(std::string(buffer, format_timestamp_seconds(seconds, false, buffer)), "2024-02-29T23:59:58");
  EXPECT_EQ(std::string(buffer, format_timestamp_seconds(seconds, true, buffer)), "2024-02-29T23:59:58Z");
  EXPECT_EQ(std::string(buffer, format_decimal(7, 3, buffer)), "007");
  EXPECT_EQ(std::string(buffer, format_decimal(-1, 1, buffer)), "-1");
  EXPECT_EQ(std::string(buffer, format_decimal(1234567, 3, buffer)), "1234567");
}

}  // namespace
}  // namespace ecomflow
