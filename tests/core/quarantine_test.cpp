#include "core/quarantine.hpp"

#include <gtest/gtest.h>

#include "core/logging.hpp"

namespace ecomflow {
namespace {

TEST(QuarantineRaw, ValidUtf8IsKeptAsText) {
  QuarantineRecord record{QuarantineReason::kMalformedJson, "", {}, {}};
  set_quarantine_raw(record, "{\"name\":\"caf\xC3\xA9 \xF0\x9F\x9B\x92\"}");
  EXPECT_EQ(record.raw_encoding, RawEncoding::kText);
  EXPECT_EQ(record.raw, "{\"name\":\"caf\xC3\xA9 \xF0\x9F\x9B\x92\"}");
}

TEST(QuarantineRaw, InvalidUtf8AndNulAreBase64AndLossless) {
  const std::string samples[] = {
      std::string("a\0b", 3),    "c\xff",           "\xC3", "\xED\xA0\x80" /* a surrogate */,
      "\xC0\xAF" /* overlong */, "\xF4\x90\x80\x80" /* past U+10FFFF */};
  for (const std::string& bytes : samples) {
    QuarantineRecord record{QuarantineReason::kMalformedJson, "", {}, {}};
    set_quarantine_raw(record, bytes);
    EXPECT_EQ(record.raw_encoding, RawEncoding::kBase64);
    EXPECT_TRUE(is_storable_text(record.raw));
    EXPECT_EQ(base64_decode(record.raw), bytes);
  }
}

TEST(QuarantineRaw, RecordsPastTheCapKeepTheirFirstPartAndLength) {
  QuarantineRecord record{QuarantineReason::kMalformedJson, "", {}, {}};
  set_quarantine_raw(record, std::string(100, 'x'), 100);
  EXPECT_EQ(record.raw.size(), 100u);
  EXPECT_EQ(record.raw_original_bytes, -1);

  set_quarantine_raw(record, std::string(101, 'x'), 100);
  EXPECT_EQ(record.raw, std::string(100, 'x'));
  EXPECT_EQ(record.raw_encoding, RawEncoding::kText);
  EXPECT_EQ(record.raw_original_bytes, 101);

  // A cut inside "é" keeps the text before it, as text.
  set_quarantine_raw(record, std::string(99, 'x') + "\xC3\xA9tail", 100);
  EXPECT_EQ(record.raw, std::string(99, 'x'));
  EXPECT_EQ(record.raw_encoding, RawEncoding::kText);
  EXPECT_EQ(record.raw_original_bytes, 105);

  // Bytes that are not text stay base64, of the kept part only.
  const std::string binary = std::string(10, '\0') + std::string(200, 'y');
  set_quarantine_raw(record, binary, 100);
  EXPECT_EQ(record.raw_encoding, RawEncoding::kBase64);
  EXPECT_EQ(base64_decode(record.raw), binary.substr(0, 100));
  EXPECT_EQ(record.raw_original_bytes, 210);
}

TEST(QuarantineRaw, Base64RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << i;
    bytes += char(i * 37);
  }
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_FALSE(base64_decode("Zm9"));
  EXPECT_FALSE(base64_decode("Zm=v"));
  EXPECT_FALSE(base64_decode("Zm9v!A=="));
}

TEST(PrintableText, NamesCannotForgeLinesOrDriveTheTerminal) {
  EXPECT_EQ(printable_text("week\n2023-10-23 I forged\x1b[2J.zip"), "week\\n2023-10-23 I forged\\x1b[2J.zip");
  EXPECT_EQ(printable_text("caf\xC3\xA9\\\xff"), "caf\xC3\xA9\\\\\\xff");
  EXPECT_EQ(printable_text("plain/path.json"), "plain/path.json");
}

}  // namespace
}  // namespace ecomflow
