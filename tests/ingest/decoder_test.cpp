#include "ingest/decoder.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

/// Decodes `text` as the walker would hand it over: padded, in place.
class Decoded {
 public:
  Decoded(InputFormat format, std::string text) : buffer_(std::move(text)) {
    const size_t size = buffer_.size();
    buffer_.append(kInputPadding, '\0');
    InputFile file{SourceLocation{"test", "", -1}, format, std::string_view(buffer_.data(), size)};
    result = decoder_.decode(file, records);
    // JSON arrays leave `raw` empty until asked for: ask, as the pipeline does.
    for (RawRecord& record : records) record.raw = decoder_.raw_text(record);
  }
  DecodeResult result;
  std::vector<RawRecord> records;

 private:
  std::string buffer_;
  RecordDecoder decoder_;
};

const char* kPrettyArray = R"([
  {
    "timestamp": "2023-10-23T00:00:17",
    "customer_id": "c042",
    "event_type": "purchase",
    "product_id": "p007",
    "quantity": 3,
    "event_id": "e1",
    "session_id": "s1",
    "device": "mobile"
  },
  {
    "timestamp": "2023-10-23T00:00:40",
    "customer_id": "c001",
    "event_type": "view_product",
    "product_id": "p050"
  }
]
)";

TEST(RecordDecoder, DecodesPrettyPrintedArray) {
  Decoded decoded(InputFormat::kJsonArray, kPrettyArray);
  ASSERT_FALSE(decoded.result.file_malformed) << decoded.result.message;
  ASSERT_EQ(decoded.records.size(), 2u);
  const RawRecord& first = decoded.records[0];
  EXPECT_EQ(first.index, 0);
  EXPECT_TRUE(first.is_object);
  EXPECT_EQ(first.timestamp.state, FieldState::kString);
  EXPECT_EQ(first.timestamp.value, "2023-10-23T00:00:17");
  EXPECT_EQ(first.customer_id.value, "c042");
  EXPECT_EQ(first.event_type.value, "purchase");
  EXPECT_EQ(first.product_id.value, "p007");
  EXPECT_EQ(first.event_id.value, "e1");
  EXPECT_EQ(first.session_id.value, "s1");
  EXPECT_EQ(first.quantity_state, QuantityState::kInteger);
  EXPECT_EQ(first.quantity, 3);
  EXPECT_EQ(first.raw.substr(0, 5), "{\n   ");
  EXPECT_TRUE(first.raw.ends_with("\"mobile\"\n  }")) << first.raw;

  const RawRecord& second = decoded.records[1];
  EXPECT_EQ(second.index, 1);
  EXPECT_EQ(second.quantity_state, QuantityState::kAbsent);
  EXPECT_EQ(second.event_id.state, FieldState::kAbsent);
  EXPECT_EQ(second.raw.front(), '{');
  EXPECT_EQ(second.raw.back(), '}');
  EXPECT_NE(second.raw.find("\"p050\""), std::string_view::npos);
}

TEST(RecordDecoder, ReportsEveryFieldState) {
  Decoded decoded(InputFormat::kJsonArray,
                  R"([{"timestamp": null, "customer_id": 42, "event_type": true, "product_id": {"a": [1]},
                       "event_id": ["x"], "session_id": ""}])");
  ASSERT_EQ(decoded.records.size(), 1u);
  const RawRecord& record = decoded.records[0];
  EXPECT_EQ(record.timestamp.state, FieldState::kNull);
  EXPECT_EQ(record.customer_id.state, FieldState::kOther);
  EXPECT_EQ(record.event_type.state, FieldState::kOther);
  EXPECT_EQ(record.product_id.state, FieldState::kOther);
  EXPECT_EQ(record.event_id.state, FieldState::kOther);
  EXPECT_EQ(record.session_id.state, FieldState::kString);
  EXPECT_EQ(record.session_id.value, "");
  EXPECT_EQ(record.quantity_state, QuantityState::kAbsent);
}

TEST(RecordDecoder, ClassifiesQuantities) {
  Decoded decoded(InputFormat::kJsonArray, R"([{"quantity": 1}, {"quantity": 2.0}, {"quantity": "2"},
      {"quantity": 1e2}, {"quantity": 99999999999999999999}, {"quantity": null}, {},
      {"quantity": -9223372036854775808}, {"quantity": 9223372036854775808}, {"quantity": false},
      {"quantity": [1]}, {"quantity": -3}])");
  ASSERT_FALSE(decoded.result.file_malformed) << decoded.result.message;
  ASSERT_EQ(decoded.records.size(), 12u);
  const auto& r = decoded.records;
  EXPECT_EQ(r[0].quantity_state, QuantityState::kInteger);
  EXPECT_EQ(r[0].quantity, 1);
  EXPECT_EQ(r[1].quantity_state, QuantityState::kInvalid);
  EXPECT_EQ(r[2].quantity_state, QuantityState::kInvalid);
  EXPECT_EQ(r[3].quantity_state, QuantityState::kInvalid);
  EXPECT_EQ(r[4].quantity_state, QuantityState::kInvalid);
  EXPECT_EQ(r[5].quantity_state, QuantityState::kAbsent);
  EXPECT_EQ(r[6].quantity_state, QuantityState::kAbsent);
  EXPECT_EQ(r[7].quantity_state, QuantityState::kInteger);
  EXPECT_EQ(r[7].quantity, INT64_MIN);
  EXPECT_EQ(r[8].quantity_state, QuantityState::kInvalid);
  EXPECT_EQ(r[9].quantity_state, QuantityState::kInvalid);
  EXPECT_EQ(r[10].quantity_state, QuantityState::kInvalid);
  EXPECT_EQ(r[11].quantity_state, QuantityState::kInteger);
  EXPECT_EQ(r[11].quantity, -3);
}

TEST(RecordDecoder, UnescapesStringsAndKeys) {
  Decoded decoded(
      InputFormat::kJsonArray,
      R"([{"customer_id": "c\"0\\01\u00e9\n", "event\u005ftype": "purchase", "product_id": "p\/1"}])");
  ASSERT_FALSE(decoded.result.file_malformed) << decoded.result.message;
  ASSERT_EQ(decoded.records.size(), 1u);
  EXPECT_EQ(decoded.records[0].customer_id.value, "c\"0\\01\xC3\xA9\n");
  EXPECT_EQ(decoded.records[0].event_type.value, "purchase");
  EXPECT_EQ(decoded.records[0].product_id.value, "p/1");
}

TEST(RecordDecoder, DuplicateKeysAreFlagged) {
  Decoded decoded(InputFormat::kJsonArray,
                  R"([{"customer_id": "c001", "quantity": 1, "customer_id": "c002", "quantity": "x"}])");
  ASSERT_EQ(decoded.records.size(), 1u);
  EXPECT_TRUE(decoded.records[0].duplicate_field);
  EXPECT_EQ(decoded.records[0].customer_id.value, "c001");
  EXPECT_EQ(decoded.records[0].quantity_state, QuantityState::kInteger);
  EXPECT_EQ(decoded.records[0].quantity, 1);
}

TEST(RecordDecoder, KeepsNonObjectElementsWithTheirText) {
  Decoded decoded(InputFormat::kJsonArray, "[ 42 , \"text\", [1, [2]] ,null,{\"a\":1}, true ]");
  ASSERT_FALSE(decoded.result.file_malformed) << decoded.result.message;
  ASSERT_EQ(decoded.records.size(), 6u);
  const char* raws[] = {"42", "\"text\"", "[1, [2]]", "null", "{\"a\":1}", "true"};
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(decoded.records[i].raw, raws[i]);
    EXPECT_EQ(decoded.records[i].is_object, i == 4) << i;
    EXPECT_EQ(decoded.records[i].index, int64_t(i));
  }
}

TEST(RecordDecoder, MalformedArrayFilesYieldNoRecords) {
  const char* bad_files[] = {
      "[{\"event_type\": \"purchase\"}, {\"event_type\": \"view_pro",  // truncated
      "[{\"event_type\": \"purchase\"}, {\"event_type\": \"view\"}",   // no closing bracket
      "{\"event_type\": \"purchase\"}",                                // object, not array
      "[{\"a\": 1}] [{\"b\": 2}]",                                     // trailing content
      "[{\"a\": 1}, {\"quantity\": 1.2.3}]",                           // bad number in a used field
      "[{\"a\": 1}, {\"customer_id\": nul}]",                          // bad literal
      "[{\"a\": 1},]",                                                 // trailing comma
      "[{\"a\": 1}, {\"customer_id\": \"\\q\"}]",                      // bad escape
      "[{\"a\": 1}, {\"device\": tru}]",                               // bad literal in an ignored field
      "[{\"a\": 1}, {\"device\": \"\\x\"}]",                           // bad escape in an ignored field
      // An integer past 64 bits sends the file element by element through On-Demand;
      // it must be just as strict as the DOM parser.
      "[{\"quantity\": 99999999999999999999}, {\"device\": 1.2.3}]",
      "[{\"quantity\": 99999999999999999999} {\"a\": 1}]",
      "[{\"quantity\": 99999999999999999999}, {\"a\": [1}]",
      "[{\"quantity\": 99999999999999999999},]",
      "[{\"quantity\": 99999999999999999999}] []",
      "[{\"quantity\": 99999999999999999999}, {\"a\": tru}]",
      "[{\"quantity\": 99999999999999999999}",
      "{\"quantity\": 99999999999999999999}",
      "",
      "  \n",
      "\"just a string\"",
  };
  for (const char* text : bad_files) {
    std::vector<RawRecord> out(1);  // records of earlier files stay untouched
    RecordDecoder decoder;
    std::string buffer = std::string(text) + std::string(kInputPadding, '\0');
    const DecodeResult result =
        decoder.decode(InputFile{SourceLocation{}, InputFormat::kJsonArray,
                                 std::string_view(buffer.data(), buffer.size() - kInputPadding)},
                       out);
    EXPECT_TRUE(result.file_malformed) << text;
    EXPECT_FALSE(result.message.empty()) << text;
    EXPECT_EQ(out.size(), 1u) << text;
  }
}

TEST(RecordDecoder, WideIntegersAnywhereKeepTheWholeFile) {
  Decoded decoded(
      InputFormat::kJsonArray,
      "[\n  {\"quantity\": 99999999999999999999, \"customer_id\": \"c\\u00e9\"},\n"
      "  {\"quantity\": 2, \"event_type\": \"purchase\", \"n\": [123456789012345678901234, {}]},\n"
      "  7, \"x\", [1]\n]");
  ASSERT_FALSE(decoded.result.file_malformed) << decoded.result.message;
  ASSERT_EQ(decoded.records.size(), 5u);
  EXPECT_EQ(decoded.records[0].quantity_state, QuantityState::kInvalid);
  EXPECT_EQ(decoded.records[0].customer_id.value, "c\xC3\xA9");
  EXPECT_EQ(decoded.records[0].raw, "{\"quantity\": 99999999999999999999, \"customer_id\": \"c\\u00e9\"}");
  EXPECT_EQ(decoded.records[1].quantity_state, QuantityState::kInteger);
  EXPECT_EQ(decoded.records[1].quantity, 2);
  EXPECT_EQ(decoded.records[1].event_type.value, "purchase");
  EXPECT_EQ(decoded.records[1].index, 1);
  EXPECT_FALSE(decoded.records[2].is_object);
  EXPECT_EQ(decoded.records[2].raw, "7");
  EXPECT_EQ(decoded.records[3].raw, "\"x\"");
  EXPECT_EQ(decoded.records[4].raw, "[1]");
}

TEST(RecordDecoder, EmptyArrayHasNoRecords) {
  Decoded decoded(InputFormat::kJsonArray, "\xEF\xBB\xBF[ ]\n");
  EXPECT_FALSE(decoded.result.file_malformed) << decoded.result.message;
  EXPECT_TRUE(decoded.records.empty());
}

TEST(RecordDecoder, NdjsonReportsBadLinesAndKeepsGoing) {
  Decoded decoded(InputFormat::kNdjson,
                  "{\"customer_id\": \"c001\", \"quantity\": 2}\r\n"
                  "\n"
                  "{\"customer_id\": \"c0\\u0032\"\n"
                  "  42  \n"
                  "{\"customer_id\": \"c003\"} trailing\n"
                  "{\"customer_id\": \"c003\", \"device\": [nul]}\n"
                  "{\"customer_id\": \"c\\\"4\", \"event_type\": \"page_view\"}");
  ASSERT_FALSE(decoded.result.file_malformed);
  ASSERT_EQ(decoded.records.size(), 3u);
  EXPECT_EQ(decoded.records[0].index, 0);
  EXPECT_EQ(decoded.records[0].raw, "{\"customer_id\": \"c001\", \"quantity\": 2}");
  EXPECT_EQ(decoded.records[0].customer_id.value, "c001");
  EXPECT_EQ(decoded.records[0].quantity, 2);
  EXPECT_EQ(decoded.records[1].index, 3);
  EXPECT_FALSE(decoded.records[1].is_object);
  EXPECT_EQ(decoded.records[1].raw, "42");
  EXPECT_EQ(decoded.records[2].index, 6);
  // Escaped strings of earlier lines survive the parsing of later ones.
  EXPECT_EQ(decoded.records[2].customer_id.value, "c\"4");
  EXPECT_EQ(decoded.records[2].event_type.value, "page_view");

  ASSERT_EQ(decoded.result.malformed_records.size(), 3u);
  EXPECT_EQ(decoded.result.malformed_records[2].index, 5);
  EXPECT_EQ(decoded.result.malformed_records[0].index, 2);
  EXPECT_EQ(decoded.result.malformed_records[0].raw, "{\"customer_id\": \"c0\\u0032\"");
  EXPECT_EQ(decoded.result.malformed_records[1].index, 4);
  EXPECT_FALSE(decoded.result.malformed_records[1].message.empty());
}

// A root array whose last bracket is not `]` fails to open in On-Demand;
// walking it anyway is undefined behaviour (UBSan stops the sanitizer build).
TEST(RecordDecoder, NdjsonArrayLineWithoutItsBracketIsMalformed) {
  Decoded decoded(InputFormat::kNdjson,
                  "[\"c001\", \"purchase\"}\n"
                  "[1, [2}\n"
                  "[\"c001\", \"purchase\"imestamp\":\"2023-10-26T00:10:52\",\"c{\"timestamp\":\"x\"}\n"
                  "[1, 2]\n");
  ASSERT_EQ(decoded.result.malformed_records.size(), 3u);
  for (const auto& malformed : decoded.result.malformed_records)
    EXPECT_NE(malformed.message.find("not valid JSON"), std::string::npos) << malformed.message;
  ASSERT_EQ(decoded.records.size(), 1u);
  EXPECT_EQ(decoded.records[0].raw, "[1, 2]");
}

// The element-by-element path of a JSON array file (taken for a wide integer)
// checks each element as the NDJSON decoder checks a line.
TEST(RecordDecoder, JsonArrayElementWithMismatchedBracketsIsMalformed) {
  for (const char* text : {"[[2\"D023-10-c&40\",product_I#\n   }\n]", "[[18446744073709551616}]",
                           "[{\"quantity\": 18446744073709551616}, [1, \"x\"}]"}) {
    Decoded decoded(InputFormat::kJsonArray, text);
    EXPECT_TRUE(decoded.result.file_malformed) << text;
    EXPECT_TRUE(decoded.records.empty()) << text;
  }
}

TEST(RecordDecoder, NdjsonKeepsUnescapedStringsAcrossLines) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "{\"customer_id\": \"c\\u00e9" + std::to_string(i) + "\"}\n";
  Decoded decoded(InputFormat::kNdjson, text);
  ASSERT_EQ(decoded.records.size(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(decoded.records[i].customer_id.value, "c\xC3\xA9" + std::to_string(i));
}

TEST(RecordDecoder, CsvWithQuotesShortRowsAndBlankCells) {
  Decoded decoded(InputFormat::kCsv,
                  "event_id,timestamp,customer_id,event_type,product_id,quantity,device\r\n"
                  "e1,2023-10-23T00:00:17,c001,purchase,p001,2,\"mobile, \"\"new\"\"\"\r\n"
                  "e2,2023-10-23T00:00:18,c002,page_view,,,desktop\r\n"
                  "e3,2023-10-23T00:00:19,c003\r\n"
                  "\r\n"
                  "\"e4\",\"2023-10-23T00:00:20\",\"c\"\"4\",add_to_cart,p002,x1,\"two\nlines\"\n"
                  "e5,2023-10-23T00:00:21,c005,purchase,p003,2.0,tablet\n"
                  "e6,2023-10-23T00:00:22,c006,purchase,p003,99999999999999999999,\"unclosed\n");
  ASSERT_FALSE(decoded.result.file_malformed);
  ASSERT_EQ(decoded.records.size(), 4u);
  const auto& r = decoded.records;
  EXPECT_EQ(r[0].index, 1);
  EXPECT_EQ(r[0].event_id.value, "e1");
  EXPECT_EQ(r[0].timestamp.value, "2023-10-23T00:00:17");
  EXPECT_EQ(r[0].customer_id.value, "c001");
  EXPECT_EQ(r[0].event_type.value, "purchase");
  EXPECT_EQ(r[0].product_id.value, "p001");
  EXPECT_EQ(r[0].quantity_state, QuantityState::kInteger);
  EXPECT_EQ(r[0].quantity, 2);
  EXPECT_EQ(r[0].raw, "e1,2023-10-23T00:00:17,c001,purchase,p001,2,\"mobile, \"\"new\"\"\"");
  EXPECT_EQ(r[0].session_id.state, FieldState::kAbsent);

  EXPECT_EQ(r[1].product_id.state, FieldState::kAbsent);
  EXPECT_EQ(r[1].quantity_state, QuantityState::kAbsent);

  EXPECT_EQ(r[2].index, 5);
  EXPECT_EQ(r[2].event_id.value, "e4");
  EXPECT_EQ(r[2].customer_id.value, "c\"4");
  EXPECT_EQ(r[2].quantity_state, QuantityState::kInvalid);

  EXPECT_EQ(r[3].index, 7);
  EXPECT_EQ(r[3].quantity_state, QuantityState::kInvalid);

  ASSERT_EQ(decoded.result.malformed_records.size(), 2u);
  EXPECT_EQ(decoded.result.malformed_records[0].index, 3);
  EXPECT_EQ(decoded.result.malformed_records[0].raw, "e3,2023-10-23T00:00:19,c003");
  EXPECT_EQ(decoded.result.malformed_records[1].index, 8);
}

TEST(RecordDecoder, CsvWithoutContractColumnsIsOneBadHeader) {
  // Not events at all: one file-level problem, not a missing_field per row.
  Decoded decoded(InputFormat::kCsv, "a,b\n1,2\n3,4\n");
  EXPECT_TRUE(decoded.records.empty());
  EXPECT_TRUE(decoded.result.file_malformed);
  EXPECT_EQ(decoded.result.file_reason, QuarantineReason::kBadHeader);
}

}  // namespace
}  // namespace ecomflow
