#include "ingest/json_array_decoder.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <random>

#include "ingest/ndjson_decoder.hpp"

// The scanner must give, for any bytes, what simdjson's DOM parser gives:
// every file here is decoded both ways and the outcomes compared.

namespace ecomflow {
namespace {

using namespace std::literals;

/// A record as plain values, so that it outlives the decoder's buffers.
struct RecordValues {
  int64_t index = 0;
  bool is_object = true;
  bool duplicate_field = false;
  std::string raw;
  std::array<FieldState, 6> states{};
  std::array<std::string, 6> values;
  QuantityState quantity_state = QuantityState::kAbsent;
  int64_t quantity = 0;
  bool operator==(const RecordValues&) const = default;
};

void PrintTo(const RecordValues& record, std::ostream* out) {
  *out << "#" << record.index << (record.is_object ? " object" : " other")
       << (record.duplicate_field ? " duplicate" : "") << " raw=" << record.raw;
  for (size_t i = 0; i < record.states.size(); ++i)
    *out << " [" << int(record.states[i]) << " '" << record.values[i] << "']";
  *out << " quantity " << int(record.quantity_state) << ":" << record.quantity;
}

/// What a decoder made of one file.
struct Outcome {
  bool malformed = false;
  std::string message;
  std::vector<RecordValues> records;
  JsonArrayDecoder::Path path = JsonArrayDecoder::Path::kScanner;
};

/// Shows control and non-ASCII bytes of a failing input.
std::string printable(std::string_view text) {
  std::string shown;
  for (const char c : text) {
    if (c >= 0x20 && c < 0x7f)
      shown += c;
    else
      shown += fmt::format("\\x{:02x}", uint8_t(c));
  }
  return shown;
}

/// One decoder that keeps its buffers from file to file, as a pipeline thread does.
class Decoder {
 public:
  Outcome decode(std::string_view text, bool with_dom, char padding) {
    buffer_.assign(text);
    buffer_.append(kInputPadding, padding);  // the bytes past a file are anything readable
    const std::string_view content(buffer_.data(), text.size());
    std::vector<RawRecord> records(1);  // a record of an earlier file must stay untouched
    records[0].index = -7;
    const DecodeResult result = with_dom ? decoder_.decode_with_dom(content, buffer_.size(), records)
                                         : decoder_.decode(content, buffer_.size(), records);
    Outcome outcome;
    outcome.malformed = result.file_malformed;
    outcome.message = result.message;
    outcome.path = decoder_.last_path();
    EXPECT_EQ(records.front().index, -7);
    for (size_t i = 1; i < records.size(); ++i) {
      const RawRecord& record = records[i];
      RecordValues& values = outcome.records.emplace_back();
      values.index = record.index;
      values.is_object = record.is_object;
      values.duplicate_field = record.duplicate_field;
      values.raw = record.raw.empty() ? decoder_.element_text(record.index) : record.raw;
      const RawField* fields[] = {&record.timestamp,  &record.customer_id, &record.event_type,
                                  &record.product_id, &record.event_id,    &record.session_id};
      for (size_t f = 0; f < 6; ++f) {
        values.states[f] = fields[f]->state;
        values.values[f] = fields[f]->value;
      }
      values.quantity_state = record.quantity_state;
      values.quantity = record.quantity;
    }
    return outcome;
  }

 private:
  std::string buffer_;
  NdjsonDecoder ndjson_;
  JsonArrayDecoder decoder_{ndjson_};
};

/// Decodes each file with the scanner and with the DOM parser alone.
class Differential {
 public:
  /// Checks that both decoders agree on `text`; returns the scanner side's outcome.
  Outcome check(std::string_view text, char padding = '\0') {
    Outcome fast = fast_.decode(text, false, padding);
    const Outcome reference = reference_.decode(text, true, padding);
    EXPECT_EQ(fast.malformed, reference.malformed)
        << printable(text) << "\n  scanner: " << fast.message << "\n  DOM: " << reference.message;
    EXPECT_EQ(fast.records, reference.records) << printable(text);
    if (fast.malformed) {
      EXPECT_TRUE(fast.message.starts_with("not valid JSON") ||
                  fast.message == "the top level is not a JSON array")
          << fast.message;
    }
    return fast;
  }

 private:
  Decoder fast_;
  Decoder reference_;
};

/// A part file like seed 001's, with every kind of value the contract ignores.
std::string make_part(std::mt19937& random, int record_count, bool pretty, bool escapes) {
  const char* event_types[] = {"view_product", "add_to_cart", "purchase", "page_view", "remove_from_cart"};
  const char* quantities[] = {"1", "3", "10000", "-2", "0", "2.0", "1e2", "\"2\"", "null", "true", "-0"};
  const char* extras[] = {
      R"("device": "mobile")",
      R"("price": 12.5)",
      R"("ratio": -1.25e-3)",
      R"("tags": ["a", "b\tc", 1, true, null, [], {}])",
      R"("geo": {"lat": -12.25E1, "lon": 0.5, "deep": [[1, [2, {"x": [false]}]]]})",
      R"("note": "caf\u00e9 \ud83d\ude00 \"quoted\" back\\slash \/")",
      R"("empty": "")",
      R"("count": 1234567890)",
      R"("quantity_note": "none")",
  };
  const std::string indent = pretty ? "\n    " : "";
  const std::string separator = pretty ? ": " : ":";
  std::string text = "[";
  for (int index = 0; index < record_count; ++index) {
    std::vector<std::string> members = {
        fmt::format(R"("timestamp"{}"2023-10-23T00:{:02}:{:02}")", separator, index % 60, (index * 7) % 60),
        fmt::format(R"("customer_id"{}"c{:03}")", separator, 1 + random() % 100),
        fmt::format(R"("event_type"{}"{}")", separator, event_types[random() % 5]),
        fmt::format(R"("product_id"{}"p{:03}")", separator, 1 + random() % 50),
    };
    if (random() % 3 == 0)
      members.push_back(fmt::format(R"("quantity"{}{})", separator, quantities[random() % 11]));
    if (random() % 4 == 0 && escapes)
      members.push_back(fmt::format(R"("event_id"{}"e\u00{:02x}{}")", separator, 0x41 + index % 26, index));
    else if (random() % 4 == 0)
      members.push_back(fmt::format(R"("event_id"{}"e{}")", separator, index));
    if (random() % 4 == 0) members.push_back(fmt::format(R"("session_id"{}"s{}")", separator, index));
    if (const char* extra = extras[random() % 9]; random() % 2 == 0 && (escapes || !std::strchr(extra, '\\')))
      members.push_back(extra);
    if (random() % 8 == 0) members.push_back(fmt::format(R"("customer_id"{}"second")", separator));
    text += index == 0 ? "" : ",";
    text += pretty ? "\n  {" : "{";
    for (size_t m = 0; m < members.size(); ++m) text += (m == 0 ? "" : ",") + indent + members[m];
    text += pretty ? "\n  }" : "}";
  }
  text += pretty ? "\n]" : "]";
  return text;
}

/// Breaks `text` the ways files break: bytes flipped, lost, inserted, cut, repeated.
void mutate(std::mt19937& random, std::string& text) {
  static constexpr std::string_view kInteresting =
      "{}[],:\"\\ \t\n0123456789-+.eEtrufalsn\x00\x01\x1f\x7f\x80\xbf\xc3\xa9\xed\xff"
      "ux/bE"sv;
  const auto pick = [&] { return kInteresting[random() % kInteresting.size()]; };
  const auto position = [&] { return text.empty() ? size_t(0) : size_t(random() % text.size()); };
  switch (random() % 7) {
    case 0:
      if (!text.empty()) text[position()] = pick();
      break;
    case 1:
      if (!text.empty()) text[position()] = char(random() % 256);
      break;
    case 2: {
      const size_t at = position();
      text.erase(at, 1 + random() % 4);
      break;
    }
    case 3:
    case 4:
      text.insert(text.begin() + std::ptrdiff_t(position()), pick());
      break;
    case 5:
      text.resize(position());
      break;
    case 6: {
      const size_t at = position();
      const std::string piece = text.substr(at, random() % 40);
      text.insert(position(), piece);
      break;
    }
  }
}

TEST(JsonArrayDecoder, AgreesWithTheDomParserOnEdgeCases) {
  using Path = JsonArrayDecoder::Path;
  struct Case {
    std::string text;
    Path path;  ///< which side must decide it
  };
  const auto object = [](std::string_view member) { return fmt::format("[{{\"a\": 0, {}}}]", member); };
  std::vector<Case> cases = {
      // Escapes, surrogate pairs and broken ones, in contract and ignored fields.
      {object(R"("customer_id": "c\"0\\01\u00e9\n\b\f\r\t\/")"), Path::kScanner},
      {object(R"("customer_id": "\ud83d\ude00")"), Path::kScanner},
      {object(R"("customer_id": "\ud83d")"), Path::kScanner},
      {object(R"("customer_id": "\ud83dx")"), Path::kScanner},
      {object(R"("customer_id": "\ud83d\u0041")"), Path::kScanner},
      {object(R"("customer_id": "\ude00")"), Path::kScanner},
      {object(R"("customer_id": "\u0000")"), Path::kScanner},
      {object(R"("customer_id": "\u12")"), Path::kScanner},
      {object(R"("customer_id": "\u12G4")"), Path::kScanner},
      {object(R"("customer_id": "\x")"), Path::kScanner},
      {object(R"("customer_id": "\)"), Path::kScanner},
      {object(R"("device": "\q")"), Path::kScanner},
      {object(R"("device": ["\ud800"])"), Path::kScanner},
      {object(R"("dev\u0069ce": 1, "quan\u0074ity": 5, "event\u005ftype": "purchase")"), Path::kScanner},
      {object(R"("bad\key": 1)"), Path::kScanner},
      {object(R"("x\\": "y\\", "z": "\\\"")"), Path::kScanner},
      {object(R"("s": "x,y:]}[{\"")"), Path::kScanner},
      // Raw control characters and bad UTF-8 (stage 1 judges both for both sides).
      {object("\"customer_id\": \"a\x01z\""), Path::kScanner},
      {object("\"device\": \"tab\there\""), Path::kScanner},
      {object("\"device\": \"\x7f\""), Path::kScanner},
      {object("\"customer_id\": \"\xff\""), Path::kScanner},
      {object("\"customer_id\": \"\xc0\xaf\""), Path::kScanner},
      {object("\"customer_id\": \"\xc3\""), Path::kScanner},
      {object("\"customer_id\": \"\xed\xa0\x80\""), Path::kScanner},
      {object("\"customer_id\": \"caf\xc3\xa9\""), Path::kScanner},
      // Numbers: the scanner takes the plain ones and leaves the rest to the DOM parser.
      {object(R"("quantity": -0)"), Path::kScanner},
      {object(R"("quantity": 0)"), Path::kScanner},
      {object(R"("quantity": 123456789012345678)"), Path::kScanner},
      {object(R"("quantity": -123456789012345678)"), Path::kScanner},
      {object(R"("quantity": 2.0)"), Path::kScanner},
      {object(R"("quantity": 1e2)"), Path::kScanner},
      {object(R"("quantity": 1E+2, "q": 1.5e-400, "r": -0.0, "s": 0e0)"), Path::kScanner},
      {object(R"("quantity": 1e280)"), Path::kScanner},
      {object(R"("quantity": 1234567890123456789)"), Path::kDom},
      {object(R"("quantity": 9223372036854775807)"), Path::kDom},
      {object(R"("quantity": 9223372036854775808)"), Path::kDom},
      {object(R"("quantity": -9223372036854775808)"), Path::kDom},
      {object(R"("quantity": 18446744073709551615)"), Path::kDom},
      {object(R"("quantity": 18446744073709551616)"), Path::kDom},
      {object(R"("n": 18446744073709551616)"), Path::kDom},
      {object(R"("quantity": 1e400)"), Path::kDom},
      {object(R"("n": 1e309)"), Path::kDom},
      {object(R"("n": 1e308)"), Path::kDom},
      {object(R"("n": 01)"), Path::kDom},
      {object(R"("n": 1.)"), Path::kDom},
      {object(R"("n": -)"), Path::kDom},
      {object(R"("n": 1e)"), Path::kDom},
      {object(R"("n": 1e+)"), Path::kDom},
      {object(R"("n": 1.2.3)"), Path::kDom},
      {object(R"("n": 1x)"), Path::kDom},
      {object(R"("n": -x)"), Path::kDom},
      {object(R"("n": .5)"), Path::kScanner},
      {object(R"("n": +1)"), Path::kScanner},
      {"[1]", Path::kScanner},
      {"[-1.5e3, 0, 7]", Path::kScanner},
      // Literals.
      {object(R"("customer_id": null, "event_type": true, "product_id": false)"), Path::kScanner},
      {object(R"("quantity": null)"), Path::kScanner},
      {object(R"("quantity": true)"), Path::kScanner},
      {object(R"("customer_id": nul)"), Path::kScanner},
      {object(R"("device": tru)"), Path::kScanner},
      {object(R"("device": TRUE)"), Path::kScanner},
      {object(R"("device": fals)"), Path::kScanner},
      {object(R"("device": nulls)"), Path::kDom},
      {object(R"("device": truex)"), Path::kDom},
      {"[true,false,null]", Path::kScanner},
      // Nested values in fields the contract ignores, and in contract fields.
      {object(R"("a1": [[[]]], "b": {"c": {"d": [1, {"e": null}]}}, "f": {})"), Path::kScanner},
      {object(R"("customer_id": {"a": [1]}, "event_id": ["x"], "quantity": [1], "session_id": {})"),
       Path::kScanner},
      {object(R"("a1": [1, 2,])"), Path::kScanner},
      {object(R"("a1": {"b": 1,})"), Path::kScanner},
      {object(R"("a1": {"b" 1})"), Path::kScanner},
      {object(R"("a1": {1: 2})"), Path::kScanner},
      {object(R"("a1": [1 2])"), Path::kScanner},
      {object(R"("a1": [}])"), Path::kScanner},
      {object(R"("a1": {]})"), Path::kScanner},
      {object("\"a1\": " + std::string(60, '[') + std::string(60, ']')), Path::kScanner},
      {object("\"a1\": " + std::string(100, '[') + std::string(100, ']')), Path::kDom},
      {object("\"a1\": " + std::string(2000, '[') + std::string(2000, ']')), Path::kDom},
      // Duplicate keys: flagged (validation sets the record aside); the first value is kept.
      {R"([{"customer_id": "c001", "quantity": 1, "customer_id": "c002", "quantity": "x"}])", Path::kScanner},
      {R"([{"quantity": null, "quantity": 4, "event_type": 1, "event_type": "purchase"}])", Path::kScanner},
      {R"([{"quantity": 1, "quantity": 1.2.3}])", Path::kDom},
      // Empty arrays and objects, whitespace.
      {"[]", Path::kScanner},
      {" [ ] ", Path::kScanner},
      {"\t[\r\n{\"event_type\" : \"purchase\" }\n,\n{ }\n]\n", Path::kScanner},
      {"[{}]", Path::kScanner},
      {"[{},]", Path::kScanner},
      {"[,]", Path::kScanner},
      {"[,{}]", Path::kScanner},
      {"[{}{}]", Path::kScanner},
      {"[{} {}]", Path::kScanner},
      {"[{\"a\":}]", Path::kScanner},
      {"[{\"a\"}]", Path::kScanner},
      {"[{\"a\":1:2}]", Path::kDom},
      {"[{\"a\":1\"b\":2}]", Path::kDom},
      {"[{\"a\":\"1\":2}]", Path::kScanner},
      {"[{\"a\":\"1\"\"b\":2}]", Path::kScanner},
      {"[{:1}]", Path::kScanner},
      {"[\f]", Path::kScanner},
      // Trailing content, missing ends, top levels that are not arrays.
      {"[] x", Path::kScanner},
      {"[]]", Path::kScanner},
      {"[][]", Path::kScanner},
      {"[] {}", Path::kScanner},
      {"[]\"x\"", Path::kScanner},
      {"[{}", Path::kScanner},
      {"[", Path::kScanner},
      {"[[]", Path::kScanner},
      {"[{\"a\": [1, {\"b\": 2]}]", Path::kScanner},
      {"]", Path::kDom},
      {"", Path::kScanner},
      {"   ", Path::kScanner},
      {"{\"a\": 1}", Path::kDom},
      {"\"text\"", Path::kDom},
      {"42", Path::kDom},
      {"null", Path::kDom},
      {"\xEF\xBB\xBF[]", Path::kDom},
      // Elements that are not objects.
      {R"([ 42 , "text", [1, [2]] ,null,{"a":1}, true, -3.5, "\u00e9"])", Path::kScanner},
  };
  Differential differential;
  for (const Case& edge : cases) {
    for (const char padding : {'\0', ']', ' ', '"', '1'}) {
      const Outcome outcome = differential.check(edge.text, padding);
      EXPECT_EQ(outcome.path, edge.path) << printable(edge.text) << " " << outcome.message;
    }
  }
}

TEST(JsonArrayDecoder, AgreesWithTheDomParserOnEveryPrefixOfAFile) {
  std::mt19937 random(7);
  Differential differential;
  for (const bool escapes : {false, true}) {
    const std::string part = make_part(random, 6, true, escapes);
    for (size_t size = 0; size <= part.size(); ++size)
      differential.check(std::string_view(part).substr(0, size));
    EXPECT_FALSE(differential.check(part).malformed);
  }
}

TEST(JsonArrayDecoder, AgreesWithTheDomParserOnMutatedFiles) {
  std::mt19937 random(20231023);
  Differential differential;
  int scanner_decided = 0, accepted = 0, rejected = 0;
  constexpr int kFiles = 20000;
  for (int file = 0; file < kFiles; ++file) {
    std::string text = make_part(random, 1 + int(random() % 12), file % 2 == 0, file % 4 < 2);
    if (file % 50 == 0) {
      const Outcome clean = differential.check(text);
      EXPECT_FALSE(clean.malformed) << clean.message;
      EXPECT_EQ(clean.path, JsonArrayDecoder::Path::kScanner);
    }
    for (int mutations = 1 + int(random() % 3); mutations > 0; --mutations) mutate(random, text);
    const Outcome outcome = differential.check(text, file % 7 == 0 ? ']' : '\0');
    scanner_decided += outcome.path == JsonArrayDecoder::Path::kScanner;
    (outcome.malformed ? rejected : accepted) += 1;
    if (HasFailure()) break;  // one input is enough to look at
  }
  // Both outcomes, and mostly the scanner's own decisions, must have been exercised.
  EXPECT_GT(accepted, kFiles / 20);
  EXPECT_GT(rejected, kFiles / 4);
  EXPECT_GT(scanner_decided, kFiles * 8 / 10);
  std::printf("mutated files: %d accepted, %d rejected, %d decided by the scanner\n", accepted, rejected,
              scanner_decided);
}

TEST(JsonArrayDecoder, PlainStringsPointIntoTheFile) {
  std::string buffer = R"([{"customer_id": "c042", "event_type": "pur\u0063hase"}])";
  const size_t size = buffer.size();
  buffer.append(kInputPadding, '\0');
  NdjsonDecoder ndjson;
  JsonArrayDecoder decoder(ndjson);
  std::vector<RawRecord> records;
  const std::string_view content(buffer.data(), size);
  ASSERT_FALSE(decoder.decode(content, buffer.size(), records).file_malformed);
  EXPECT_EQ(decoder.last_path(), JsonArrayDecoder::Path::kScanner);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].customer_id.value, "c042");
  EXPECT_EQ(records[0].customer_id.value.data(), buffer.data() + content.find("c042"));
  EXPECT_EQ(records[0].event_type.value, "purchase");
  EXPECT_TRUE(records[0].raw.empty());
  EXPECT_EQ(decoder.element_text(0), content.substr(1, size - 2));
}

TEST(JsonArrayDecoder, MalformedFilesSayWhereTheyBreak) {
  std::string buffer = "[{\"a\": 1}, {\"b\" 2}]";
  const size_t size = buffer.size();
  buffer.append(kInputPadding, '\0');
  NdjsonDecoder ndjson;
  JsonArrayDecoder decoder(ndjson);
  std::vector<RawRecord> records;
  const DecodeResult result = decoder.decode(std::string_view(buffer.data(), size), buffer.size(), records);
  EXPECT_TRUE(result.file_malformed);
  EXPECT_EQ(result.message, "not valid JSON: expected ':' after a key at byte 16");
  EXPECT_TRUE(records.empty());
}

}  // namespace
}  // namespace ecomflow
