// Input written to break the reader: nesting that would exhaust the stack,
// headers of other tables, repeated keys, archives that inflate without end,
// and links out of the events directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "ingest/archive_walker.hpp"
#include "ingest/decoder.hpp"
#include "ingest/discover.hpp"
#include "ingest/zip_fixture.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

using testing::make_gzip;
using testing::make_zip;
using testing::write_bytes;

/// Decodes `text` as the walker hands it over: padded, in place.
struct Decoded {
  Decoded(InputFormat format, std::string text) : buffer(std::move(text)) {
    const size_t size = buffer.size();
    buffer.append(kInputPadding, '\0');
    InputFile file{SourceLocation{"test", "", -1}, format, std::string_view(buffer.data(), size)};
    result = decoder.decode(file, records);
  }
  std::string buffer;
  RecordDecoder decoder;
  DecodeResult result;
  std::vector<RawRecord> records;
};

std::string nested_arrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(HostileInput, DeeplyNestedNdjsonLineIsOneMalformedRecord) {
  const std::string deep = "{\"a\":" + nested_arrays(100'000) + "}";
  Decoded decoded(InputFormat::kNdjson, "{\"event_type\":\"page_view\"}\n" + deep + "\n[" +
                                            nested_arrays(100'000) + "]\n{\"b\":1}\n");
  ASSERT_EQ(decoded.records.size(), 2u);
  ASSERT_EQ(decoded.result.malformed_records.size(), 2u);
  EXPECT_EQ(decoded.result.malformed_records[0].index, 1);
  EXPECT_NE(decoded.result.malformed_records[0].message.find("nested deeper than 1024 levels"),
            std::string::npos)
      << decoded.result.malformed_records[0].message;
  EXPECT_EQ(decoded.result.malformed_records[1].index, 2);
}

TEST(HostileInput, NestingAtTheLimitIsStillJson) {
  // The record object is level 1, so its value may open 1023 more levels.
  Decoded decoded(InputFormat::kNdjson, "{\"a\":" + nested_arrays(kMaxJsonDepth - 1) + "}\n");
  EXPECT_EQ(decoded.records.size(), 1u);
  EXPECT_TRUE(decoded.result.malformed_records.empty());
}

TEST(HostileInput, DeeplyNestedJsonArrayFileIsMalformed) {
  Decoded plain(InputFormat::kJsonArray, "[{\"a\":" + nested_arrays(100'000) + "}]");
  EXPECT_TRUE(plain.result.file_malformed);
  EXPECT_TRUE(plain.records.empty());
  // A 20-digit integer sends the file element by element through On-Demand,
  // which must bound its own recursion.
  Decoded wide(InputFormat::kJsonArray,
               "[{\"n\":123456789012345678901234},{\"a\":" + nested_arrays(100'000) + "}]");
  EXPECT_TRUE(wide.result.file_malformed);
  EXPECT_NE(wide.result.message.find("nested deeper than"), std::string::npos) << wide.result.message;
  EXPECT_TRUE(wide.records.empty());
}

TEST(HostileInput, DuplicateContractKeysAreFlaggedInEveryFormat) {
  Decoded ndjson(InputFormat::kNdjson,
                 "{\"customer_id\":\"c1\",\"customer_id\":\"c2\"}\n{\"device\":1,\"device\":2}\n");
  ASSERT_EQ(ndjson.records.size(), 2u);
  EXPECT_TRUE(ndjson.records[0].duplicate_field);
  EXPECT_FALSE(ndjson.records[1].duplicate_field);  // keys outside the contract are not its business
  Decoded array(InputFormat::kJsonArray, "[{\"quantity\":1,\"quantity\":2},{\"quantity\":1}]");
  ASSERT_EQ(array.records.size(), 2u);
  EXPECT_TRUE(array.records[0].duplicate_field);
  EXPECT_FALSE(array.records[1].duplicate_field);
}

TEST(HostileInput, CsvWithAnotherTablesHeaderIsOneBadHeader) {
  Decoded decoded(InputFormat::kCsv,
                  "customer_id,join_date,segment\nc001,2023-01-01,VIP\nc002,2023-01-02,New\n");
  EXPECT_TRUE(decoded.result.file_malformed);
  EXPECT_EQ(decoded.result.file_reason, QuarantineReason::kBadHeader);
  EXPECT_TRUE(decoded.records.empty());
  EXPECT_TRUE(decoded.result.malformed_records.empty());
  EXPECT_NE(decoded.result.message.find("'customer_id,join_date,segment'"), std::string::npos)
      << decoded.result.message;
  EXPECT_NE(decoded.result.message.find("timestamp, event_type"), std::string::npos)
      << decoded.result.message;
}

TEST(HostileInput, CsvWithoutHeaderOrWithARepeatedColumnIsOneBadHeader) {
  Decoded headless(InputFormat::kCsv,
                   "2023-10-23T00:00:17,c001,page_view\n2023-10-23T00:00:18,c002,page_view\n");
  EXPECT_TRUE(headless.result.file_malformed);
  EXPECT_EQ(headless.result.file_reason, QuarantineReason::kBadHeader);
  Decoded repeated(InputFormat::kCsv, "timestamp,customer_id,event_type,customer_id\nt,c1,page_view,c2\n");
  EXPECT_TRUE(repeated.result.file_malformed);
  EXPECT_NE(repeated.result.message.find("names the column customer_id twice"), std::string::npos)
      << repeated.result.message;
  // A header with control characters is shown escaped.
  Decoded forged(InputFormat::kCsv, "x\x1b[31m,y\r\n1,2\n");
  EXPECT_EQ(forged.result.message.find('\x1b'), std::string::npos);
  Decoded good(InputFormat::kCsv, "timestamp,customer_id,event_type\n2023-10-23T00:00:17,c001,page_view\n");
  EXPECT_FALSE(good.result.file_malformed) << good.result.message;
  EXPECT_EQ(good.records.size(), 1u);
}

struct Walked {
  std::vector<std::string> leaves;  ///< entry paths
  std::vector<QuarantineRecord> problems;
};

Walked walk(const InflateLimits& limits, const std::filesystem::path& file) {
  ArchiveWalker walker(limits);
  Walked walked;
  walker.walk(
      file, [&](const InputFile& input) { walked.leaves.push_back(input.location.entry); },
      [&](QuarantineRecord&& problem) { walked.problems.push_back(std::move(problem)); });
  return walked;
}

const std::string kZeros(8 << 20, '0');  // deflates about 1000:1

TEST(HostileInput, EntryPastTheRatioIsCorruptAndNotInflated) {
  const auto dir = testing::scratch_dir("bomb_ratio");
  write_bytes(dir / "bomb.zip",
              make_zip({{"small.json", "[]"}, {"zeros.json", kZeros}, {"after.json", "[]"}}));
  const Walked walked = walk(InflateLimits{}, dir / "bomb.zip");
  EXPECT_EQ(walked.leaves, (std::vector<std::string>{"small.json", "after.json"}));
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kCorruptArchive);
  EXPECT_EQ(walked.problems[0].source.entry, "zeros.json");
  EXPECT_NE(walked.problems[0].detail.find("more than 100 times"), std::string::npos)
      << walked.problems[0].detail;
  // With the ratio check off, the same entry is read.
  EXPECT_EQ(walk(InflateLimits{.max_ratio = 0}, dir / "bomb.zip").leaves.size(), 3u);
}

TEST(HostileInput, NestedBombIsStoppedAtItsLeaf) {
  const auto dir = testing::scratch_dir("bomb_nested");
  std::string archive = make_zip({{"zeros.json", kZeros}});
  for (int level = 0; level < 3; ++level) archive = make_zip({{"inner.zip", archive}});
  write_bytes(dir / "nested.zip", archive);
  const Walked walked = walk(InflateLimits{}, dir / "nested.zip");
  EXPECT_TRUE(walked.leaves.empty());
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].source.entry, "inner.zip!inner.zip!inner.zip!zeros.json");
}

TEST(HostileInput, InputPastItsInflatedBytesStopsThere) {
  const auto dir = testing::scratch_dir("bomb_total");
  const std::string part(3 << 20, 'x');
  write_bytes(dir / "many.zip",
              make_zip({{"a.json", part, false}, {"b.json", part, false}, {"c.json", part, false}}));
  const Walked walked = walk(InflateLimits{.max_input_bytes = 5 << 20, .max_ratio = 0}, dir / "many.zip");
  EXPECT_EQ(walked.leaves, (std::vector<std::string>{"a.json"}));
  ASSERT_EQ(walked.problems.size(), 1u);  // one report, then the input is left
  EXPECT_EQ(walked.problems[0].source.entry, "b.json");
  EXPECT_NE(walked.problems[0].detail.find("per input"), std::string::npos) << walked.problems[0].detail;
}

TEST(HostileInput, GzipWithALyingTrailerCannotInflatePastTheRatio) {
  const auto dir = testing::scratch_dir("bomb_gzip");
  std::string gzip = make_gzip(kZeros, 9);
  gzip[gzip.size() - 4] = 100;  // ISIZE claims 100 bytes
  for (size_t i = gzip.size() - 3; i < gzip.size(); ++i) gzip[i] = 0;
  write_bytes(dir / "lying.json.gz", gzip);
  const Walked walked = walk(InflateLimits{}, dir / "lying.json.gz");
  EXPECT_TRUE(walked.leaves.empty());
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_NE(walked.problems[0].detail.find("the limit"), std::string::npos) << walked.problems[0].detail;
  write_bytes(dir / "honest.json.gz", make_gzip(std::string(1000, ' ') + "[]"));
  EXPECT_EQ(walk(InflateLimits{}, dir / "honest.json.gz").leaves.size(), 1u);
}

/// `zip` with the compressed size in the central directory entry of
/// `entry_name` replaced by `size` (the local header keeps the true one).
std::string with_declared_compressed_size(std::string zip, const std::string& entry_name, uint32_t size) {
  const std::string signature("PK\x01\x02", 4);
  for (size_t at = zip.find(signature); at != std::string::npos; at = zip.find(signature, at + 4)) {
    const size_t name_length = uint8_t(zip[at + 28]) | uint8_t(zip[at + 29]) << 8;
    if (zip.compare(at + 46, name_length, entry_name) != 0) continue;
    for (int i = 0; i < 4; ++i) zip[at + 20 + i] = char(size >> (8 * i));
    return zip;
  }
  throw std::runtime_error("no central directory entry " + entry_name);
}

TEST(HostileInput, EntryDeclaringMoreCompressedBytesThanItsArchiveIsNotRead) {
  // Found by fuzzing: a few KB claiming a 4 GB compressed entry made the
  // walker allocate the declared size before reading a byte.
  const auto dir = testing::scratch_dir("lying_compressed_size");
  const std::string inner = make_zip({{"a.json", "[]"}, {"b.json", "[]", false}});
  for (const char* entry : {"a.json", "b.json"}) {
    write_bytes(dir / "lying.zip",
                make_zip({{"events.zip", with_declared_compressed_size(inner, entry, 0xFFFFFE00u), false},
                          {"after.json", "[]"}}));
    const Walked walked = walk(InflateLimits{}, dir / "lying.zip");
    ASSERT_EQ(walked.problems.size(), 1u) << entry;
    EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kCorruptArchive);
    EXPECT_EQ(walked.problems[0].source.entry, std::string("events.zip!") + entry);
    EXPECT_NE(walked.problems[0].detail.find("declares 4294966784 compressed bytes in an archive of"),
              std::string::npos)
        << walked.problems[0].detail;
    EXPECT_EQ(walked.leaves.size(), 2u) << entry;  // the other entry and after.json are read
  }
}

TEST(HostileInput, LinksLeavingTheEventsDirectoryAreNotFollowed) {
  const auto dir = testing::scratch_dir("links");
  const auto outside = testing::scratch_dir("links_outside");
  write_bytes(dir / "events" / "a.json", "[]");
  write_bytes(outside / "secret.json", "[]");
  std::filesystem::create_symlink(outside / "secret.json", dir / "events" / "leak.json");
  std::filesystem::create_symlink("a.json", dir / "events" / "alias.json");
  std::filesystem::create_symlink("/nonexistent/x.json", dir / "events" / "dangling.json");
  std::filesystem::create_directory_symlink(outside, dir / "events" / "outside_dir");
  std::vector<std::filesystem::path> refused;
  const auto inputs = discover_inputs(dir / "events", &refused);
  std::vector<std::string> names;
  for (const auto& path : inputs) names.push_back(path.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"a.json", "alias.json"}));
  std::vector<std::string> refused_names;
  for (const auto& path : refused) refused_names.push_back(path.filename().string());
  EXPECT_EQ(refused_names, (std::vector<std::string>{"dangling.json", "leak.json"}));
}

}  // namespace
}  // namespace ecomflow
