#include "ingest/archive_walker.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "ingest/zip_fixture.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

using testing::make_gzip;
using testing::make_zip;
using testing::write_bytes;
using testing::ZipEntry;

/// A leaf as the callback saw it, copied out of the walker's buffer.
struct Leaf {
  std::string file;
  std::string entry;
  InputFormat format;
  std::string content;
};

struct Walked {
  std::vector<Leaf> leaves;
  std::vector<QuarantineRecord> problems;
};

Walked walk(ArchiveWalker& walker, const std::filesystem::path& file) {
  Walked walked;
  walker.walk(
      file,
      [&](const InputFile& input) {
        // The padding after the content must be readable (simdjson parses in place).
        char padding[kInputPadding];
        std::memcpy(padding, input.content.data() + input.content.size(), kInputPadding);
        EXPECT_EQ(input.location.index, -1);
        walked.leaves.push_back(
            {input.location.file, input.location.entry, input.format, std::string(input.content)});
      },
      [&](QuarantineRecord&& problem) { walked.problems.push_back(std::move(problem)); });
  return walked;
}

Walked walk_bytes(ArchiveWalker& walker, const std::string& name, const std::string& bytes) {
  Walked walked;
  walker.walk_bytes(
      name, bytes,
      [&](const InputFile& input) {
        char padding[kInputPadding];
        std::memcpy(padding, input.content.data() + input.content.size(), kInputPadding);
        walked.leaves.push_back(
            {input.location.file, input.location.entry, input.format, std::string(input.content)});
      },
      [&](QuarantineRecord&& problem) { walked.problems.push_back(std::move(problem)); });
  return walked;
}

const std::string kPart1 = "[\n  {\n    \"event_type\": \"view_product\"\n  }\n]\n";
const std::string kPart2 = "[\n  {\n    \"event_type\": \"purchase\",\n    \"quantity\": 2\n  }\n]\n";

TEST(ArchiveWalker, WalksTwoLevelsInCentralDirectoryOrder) {
  const auto dir = testing::scratch_dir("walker");
  const std::string day1 = make_zip({{"part-001.json", kPart1}, {"part-002.json", kPart2}});
  const std::string day2 = make_zip({{"part-001.json", kPart2}});
  write_bytes(dir / "events_week_43.zip",
              make_zip({{"events_2023-10-23.zip", day1}, {"events_2023-10-24.zip", day2}}));

  ArchiveWalker walker;
  const Walked walked = walk(walker, dir / "events_week_43.zip");
  EXPECT_TRUE(walked.problems.empty());
  ASSERT_EQ(walked.leaves.size(), 3u);
  EXPECT_EQ(walked.leaves[0].file, (dir / "events_week_43.zip").string());
  EXPECT_EQ(walked.leaves[0].entry, "events_2023-10-23.zip!part-001.json");
  EXPECT_EQ(walked.leaves[0].content, kPart1);
  EXPECT_EQ(walked.leaves[0].format, InputFormat::kJsonArray);
  EXPECT_EQ(walked.leaves[1].entry, "events_2023-10-23.zip!part-002.json");
  EXPECT_EQ(walked.leaves[1].content, kPart2);
  EXPECT_EQ(walked.leaves[2].entry, "events_2023-10-24.zip!part-001.json");
  EXPECT_EQ(walked.leaves[2].content, kPart2);

  const WalkCounters& counters = walker.counters();
  EXPECT_EQ(counters.files_visited, 1u);
  EXPECT_EQ(counters.leaf_files, 3u);
  EXPECT_EQ(counters.bytes_read, std::filesystem::file_size(dir / "events_week_43.zip"));
  EXPECT_EQ(counters.bytes_inflated, day1.size() + day2.size() + kPart1.size() + 2 * kPart2.size());
}

TEST(ArchiveWalker, WalksThreeLevelsOfStoredAndDeflatedEntries) {
  const auto dir = testing::scratch_dir("walker");
  const std::string ndjson = "{\"event_type\":\"page_view\"}\n";
  const std::string csv = "timestamp,customer_id\n2023-10-23T00:00:00,c001\n";
  const std::string level3 =
      make_zip({{"x.ndjson", ndjson, false}, {"y.CSV", csv, true}, {"z.jsonl", ndjson}});
  const std::string level2 = make_zip({{"sub/", ""}, {"sub/c.zip", level3, true}});
  write_bytes(dir / "a.zip", make_zip({{"b.zip", level2, false}}));

  ArchiveWalker walker;
  const Walked walked = walk(walker, dir / "a.zip");
  EXPECT_TRUE(walked.problems.empty());
  ASSERT_EQ(walked.leaves.size(), 3u);
  EXPECT_EQ(walked.leaves[0].entry, "b.zip!sub/c.zip!x.ndjson");
  EXPECT_EQ(walked.leaves[0].format, InputFormat::kNdjson);
  EXPECT_EQ(walked.leaves[0].content, ndjson);
  EXPECT_EQ(walked.leaves[1].entry, "b.zip!sub/c.zip!y.CSV");
  EXPECT_EQ(walked.leaves[1].format, InputFormat::kCsv);
  EXPECT_EQ(walked.leaves[1].content, csv);
  EXPECT_EQ(walked.leaves[2].format, InputFormat::kNdjson);
}

TEST(ArchiveWalker, CorruptInnerArchiveIsReportedAndTheWalkContinues) {
  const auto dir = testing::scratch_dir("walker");
  write_bytes(dir / "week.zip", make_zip({{"bad.zip", "this is not a zip\x01"},
                                          {"good.zip", make_zip({{"part-001.json", kPart1}})}}));
  ArchiveWalker walker;
  const Walked walked = walk(walker, dir / "week.zip");
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kCorruptArchive);
  EXPECT_EQ(walked.problems[0].source.file, (dir / "week.zip").string());
  EXPECT_EQ(walked.problems[0].source.entry, "bad.zip");
  EXPECT_EQ(walked.problems[0].source.index, -1);
  EXPECT_EQ(walked.problems[0].raw, "this is not a zip\\x01");
  ASSERT_EQ(walked.leaves.size(), 1u);
  EXPECT_EQ(walked.leaves[0].entry, "good.zip!part-001.json");
}

TEST(ArchiveWalker, TruncatedOuterArchiveIsReportedWhole) {
  const auto dir = testing::scratch_dir("walker");
  const std::string whole = make_zip({{"part-001.json", kPart1}, {"part-002.json", kPart2}});
  write_bytes(dir / "cut.zip", whole.substr(0, whole.size() / 2));
  write_bytes(dir / "whole.zip", whole);

  ArchiveWalker walker;
  const Walked cut = walk(walker, dir / "cut.zip");
  EXPECT_TRUE(cut.leaves.empty());
  ASSERT_EQ(cut.problems.size(), 1u);
  EXPECT_EQ(cut.problems[0].reason, QuarantineReason::kCorruptArchive);
  EXPECT_EQ(cut.problems[0].source.entry, "");
  EXPECT_EQ(cut.problems[0].raw.substr(0, 10), "PK\\x03\\x04");
  // The same walker keeps working on the next file.
  EXPECT_EQ(walk(walker, dir / "whole.zip").leaves.size(), 2u);
}

TEST(ArchiveWalker, UnsupportedEntriesAreReportedAndDirectoriesSkipped) {
  const auto dir = testing::scratch_dir("walker");
  write_bytes(dir / "week.zip", make_zip({{"notes/", ""},
                                          {"notes/readme.txt", "hello"},
                                          {"__MACOSX/._part-001.json", "\x00\x05\x16\x07"},
                                          {"part-001.json", kPart1}}));
  ArchiveWalker walker;
  const Walked walked = walk(walker, dir / "week.zip");
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kUnsupportedEntry);
  EXPECT_EQ(walked.problems[0].source.entry, "notes/readme.txt");
  ASSERT_EQ(walked.leaves.size(), 1u);
  EXPECT_EQ(walked.leaves[0].entry, "part-001.json");
}

TEST(ArchiveWalker, StoredEntryWithBadCrcIsCorrupt) {
  const auto dir = testing::scratch_dir("walker");
  std::string bytes = make_zip({{"part-001.json", "[{\"quantity\": 1}]", false}, {"part-002.json", kPart2}});
  const size_t at = bytes.find("\"quantity\": 1");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 12] = '7';  // same length, different CRC
  write_bytes(dir / "week.zip", bytes);

  ArchiveWalker walker;
  const Walked walked = walk(walker, dir / "week.zip");
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kCorruptArchive);
  EXPECT_EQ(walked.problems[0].source.entry, "part-001.json");
  EXPECT_NE(walked.problems[0].detail.find("CRC-32"), std::string::npos);
  EXPECT_EQ(walked.problems[0].raw, "[{\"quantity\": 7}]");
  ASSERT_EQ(walked.leaves.size(), 1u);
  EXPECT_EQ(walked.leaves[0].entry, "part-002.json");
}

TEST(ArchiveWalker, DeflatedEntryWithDamagedDataIsCorrupt) {
  const auto dir = testing::scratch_dir("walker");
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "{\"event_type\": \"view_product\", \"n\": " + std::to_string(i) + "}\n";
  std::string bytes = make_zip({{"a.ndjson", text}, {"b.ndjson", text}});
  // The first local header is 30 bytes plus name and extra field; the data follows.
  const size_t name_length = uint8_t(bytes[26]) | uint8_t(bytes[27]) << 8;
  const size_t extra_length = uint8_t(bytes[28]) | uint8_t(bytes[29]) << 8;
  const size_t data = 30 + name_length + extra_length;
  for (size_t i = data + 4; i < data + 40; ++i) bytes[i] = char(~bytes[i]);
  write_bytes(dir / "week.zip", bytes);

  ArchiveWalker walker;
  const Walked walked = walk(walker, dir / "week.zip");
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kCorruptArchive);
  EXPECT_EQ(walked.problems[0].source.entry, "a.ndjson");
  EXPECT_EQ(walked.problems[0].detail.substr(0, 8), "inflate:");
  ASSERT_EQ(walked.leaves.size(), 1u);
  EXPECT_EQ(walked.leaves[0].content, text);
}

TEST(ArchiveWalker, GzipFilesOnDiskAndInsideArchives) {
  const auto dir = testing::scratch_dir("walker");
  const std::string first = "{\"event_type\":\"page_view\"}\n";
  const std::string second = "{\"event_type\":\"purchase\"}\n";
  write_bytes(dir / "events.ndjson.gz", make_gzip(first));
  // Concatenated gzip members (what `cat a.gz b.gz` makes) are one file.
  write_bytes(dir / "two.ndjson.gz", make_gzip(first) + make_gzip(second, 1));
  write_bytes(dir / "week.zip", make_zip({{"part-001.json.gz", make_gzip(kPart1), false}}));
  write_bytes(dir / "broken.json.gz", make_gzip(kPart1).substr(0, 20));

  ArchiveWalker walker;
  Walked walked = walk(walker, dir / "events.ndjson.gz");
  ASSERT_EQ(walked.leaves.size(), 1u);
  EXPECT_EQ(walked.leaves[0].format, InputFormat::kNdjson);
  EXPECT_EQ(walked.leaves[0].entry, "");
  EXPECT_EQ(walked.leaves[0].content, first);

  walked = walk(walker, dir / "two.ndjson.gz");
  ASSERT_EQ(walked.leaves.size(), 1u);
  EXPECT_EQ(walked.leaves[0].content, first + second);

  walked = walk(walker, dir / "week.zip");
  ASSERT_EQ(walked.leaves.size(), 1u);
  EXPECT_EQ(walked.leaves[0].entry, "part-001.json.gz");
  EXPECT_EQ(walked.leaves[0].format, InputFormat::kJsonArray);
  EXPECT_EQ(walked.leaves[0].content, kPart1);

  walked = walk(walker, dir / "broken.json.gz");
  EXPECT_TRUE(walked.leaves.empty());
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kCorruptArchive);
}

TEST(ArchiveWalker, PlainFilesMissingFilesAndEmptyArchives) {
  const auto dir = testing::scratch_dir("walker");
  write_bytes(dir / "events.json", kPart1);
  write_bytes(dir / "empty.zip", "");

  ArchiveWalker walker;
  Walked walked = walk(walker, dir / "events.json");
  ASSERT_EQ(walked.leaves.size(), 1u);
  EXPECT_EQ(walked.leaves[0].content, kPart1);
  EXPECT_EQ(walker.counters().bytes_read, kPart1.size());
  EXPECT_EQ(walker.counters().bytes_inflated, 0u);

  walked = walk(walker, dir / "missing.json");
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kCorruptArchive);
  EXPECT_NE(walked.problems[0].detail.find("cannot read"), std::string::npos);

  walked = walk(walker, dir / "empty.zip");
  ASSERT_EQ(walked.problems.size(), 1u);
  EXPECT_EQ(walked.problems[0].reason, QuarantineReason::kCorruptArchive);
}

TEST(ArchiveWalker, ReadsZip64Archives) {
  // libzip only writes ZIP64 records for entries past 4 GiB; Info-ZIP's
  // `zip -fz` forces them on small files.
  if (testing::run_command("command -v zip") != 0) GTEST_SKIP() << "the zip program is not installed";
  const auto dir = testing::scratch_dir("walker");
  write_bytes(dir / "part-001.json", kPart1);
  write_bytes(dir / "part-002.ndjson", "{\"a\":1}\n");
  std::string output;
  ASSERT_EQ(
      testing::run_command("cd " + dir.string() + " && zip -q -fz day.zip part-001.json part-002.ndjson" +
                               " && zip -q -fz -0 week.zip day.zip",
                           &output),
      0)
      << output;
  std::ifstream stream(dir / "week.zip", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  ASSERT_NE(bytes.find(std::string("PK\x06\x06", 4)), std::string::npos)
      << "no ZIP64 end of central directory";

  ArchiveWalker walker;
  const Walked walked = walk(walker, dir / "week.zip");
  EXPECT_TRUE(walked.problems.empty()) << walked.problems[0].detail;
  ASSERT_EQ(walked.leaves.size(), 2u);
  EXPECT_EQ(walked.leaves[0].entry, "day.zip!part-001.json");
  EXPECT_EQ(walked.leaves[0].content, kPart1);
  EXPECT_EQ(walked.leaves[1].content, "{\"a\":1}\n");
}

TEST(ArchiveWalker, WalksBytesInMemoryAsTheSameFileOnDisk) {
  const auto dir = testing::scratch_dir("walker-bytes");
  const std::string day =
      make_zip({{"part-001.json", kPart1}, {"notes.txt", "x"}, {"part-002.json", kPart2}});
  const std::string week = make_zip({{"events_2023-10-23.zip", day}, {"broken.zip", "not a zip"}});
  const std::string ndjson_gz = make_gzip("{\"a\":1}\n{\"a\":2}\n");
  for (const auto& [name, bytes] : {std::pair{std::string("events_week_43.zip"), week},
                                    std::pair{std::string("day.ndjson.gz"), ndjson_gz},
                                    std::pair{std::string("part.csv"), std::string("timestamp\n")},
                                    std::pair{std::string("empty.json"), std::string()}}) {
    write_bytes(dir / name, bytes);
    ArchiveWalker on_disk, in_memory;
    const Walked expected = walk(on_disk, dir / name);
    const Walked walked = walk_bytes(in_memory, (dir / name).string(), bytes);
    ASSERT_EQ(walked.leaves.size(), expected.leaves.size()) << name;
    for (size_t i = 0; i < expected.leaves.size(); ++i) {
      EXPECT_EQ(walked.leaves[i].file, expected.leaves[i].file);
      EXPECT_EQ(walked.leaves[i].entry, expected.leaves[i].entry);
      EXPECT_EQ(walked.leaves[i].format, expected.leaves[i].format);
      EXPECT_EQ(walked.leaves[i].content, expected.leaves[i].content);
    }
    ASSERT_EQ(walked.problems.size(), expected.problems.size()) << name;
    for (size_t i = 0; i < expected.problems.size(); ++i) {
      EXPECT_EQ(walked.problems[i].reason, expected.problems[i].reason);
      EXPECT_EQ(walked.problems[i].source.entry, expected.problems[i].source.entry);
      EXPECT_EQ(walked.problems[i].detail, expected.problems[i].detail);
    }
    EXPECT_EQ(in_memory.counters().bytes_read, on_disk.counters().bytes_read) << name;
    EXPECT_EQ(in_memory.counters().bytes_inflated, on_disk.counters().bytes_inflated) << name;
  }
}

}  // namespace
}  // namespace ecomflow
