#include "ingest/piece_cutter.hpp"

#include <gtest/gtest.h>

#include <functional>

#include <fmt/format.h>

#include "ingest/archive_walker.hpp"
#include "ingest/decoder.hpp"
#include "ingest/zip_fixture.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

using testing::make_gzip;
using testing::make_zip;
using testing::write_bytes;

/// What decoding a walked file gave, copied out of the walker's buffers.
struct Decoded {
  size_t pieces = 0;
  std::vector<std::string> records;    ///< "line|raw|event_type|customer_id|quantity"
  std::vector<std::string> malformed;  ///< "line|raw|message"
  std::vector<std::string> file_problems;
  std::vector<std::string> entries;  ///< location of every piece
  size_t own_bytes = 0;              ///< content bytes less the carried header
};

/// Walks one file with `walk_one` (walk or walk_bytes) and decodes what it delivers.
Decoded decode_with(const InflateLimits& limits,
                    const std::function<void(ArchiveWalker&, const ArchiveWalker::FileCallback&,
                                             const ArchiveWalker::ProblemCallback&)>& walk_one) {
  ArchiveWalker walker(limits);
  RecordDecoder decoder;
  Decoded decoded;
  std::vector<RawRecord> records;
  uint32_t next_piece = 0;
  walk_one(
      walker,
      [&](const InputFile& input) {
        // Pieces of one file come in order; another file starts at 0.
        if (input.piece != 0) {
          EXPECT_EQ(input.piece, next_piece);
        }
        next_piece = input.piece + 1;
        ++decoded.pieces;
        decoded.entries.push_back(input.location.file + "!" + input.location.entry);
        decoded.own_bytes += input.content.size() - input.carried_bytes;
        records.clear();
        const DecodeResult result = decoder.decode(input, records);
        if (result.file_malformed) decoded.file_problems.push_back(result.message);
        for (const RawRecord& record : records)
          decoded.records.push_back(fmt::format("{}|{}|{}|{}|{}", record.index, decoder.raw_text(record),
                                                record.event_type.value, record.customer_id.value,
                                                record.quantity));
        for (const MalformedRecord& bad : result.malformed_records)
          decoded.malformed.push_back(fmt::format("{}|{}|{}", bad.index, bad.raw, bad.message));
      },
      [&](QuarantineRecord&& problem) { decoded.file_problems.push_back(problem.detail); });
  return decoded;
}

Decoded decode_walk(const InflateLimits& limits, const std::filesystem::path& file) {
  return decode_with(limits, [&](ArchiveWalker& walker, const auto& on_file, const auto& on_problem) {
    walker.walk(file, on_file, on_problem);
  });
}

Decoded decode_walk_bytes(const InflateLimits& limits, const std::string& name, const std::string& bytes) {
  return decode_with(limits, [&](ArchiveWalker& walker, const auto& on_file, const auto& on_problem) {
    walker.walk_bytes(name, bytes, on_file, on_problem);
  });
}

/// NDJSON with blank lines, CRLF, a line that is not JSON, escapes and one line longer than a piece.
std::string ndjson_text() {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    if (i % 17 == 3) text += "\n";
    if (i % 23 == 5) text += "{\"timestamp\": not json}\n";
    if (i == 100)
      text += fmt::format("{{\"event_type\":\"page_view\",\"pad\":\"{}\"}}\n", std::string(700, 'p'));
    text +=
        fmt::format("{{\"event_type\":\"view_product\",\"customer_id\":\"c\\u00e9{}\",\"quantity\":{}}}{}\n",
                    i, i % 7, i % 11 == 0 ? "\r" : "");
  }
  return text + "{\"event_type\":\"purchase\",\"customer_id\":\"last-without-newline\"}";
}

/// CSV with a byte order mark and a blank line before the header, quoted
/// cells holding commas, line breaks and doubled quotes, rows with too many
/// cells, text after a closing quote and CRLF line ends.
std::string csv_text() {
  std::string text = "\xEF\xBB\xBF\r\ntimestamp,customer_id,event_type,product_id,quantity\r\n";
  for (int i = 0; i < 150; ++i) {
    if (i % 19 == 4) text += "\n";
    if (i % 29 == 7) text += "2023-10-23T10:00:00,c1,page_view,p1,1,extra\n";
    if (i % 31 == 9) text += "2023-10-23T10:00:00,\"c\"x,page_view,p1,1\n";
    text += fmt::format("2023-10-23T10:00:{:02},\"c{},\n\"\"quoted\"\"\",view_product,p{},{}{}\n", i % 60, i,
                        i, i % 5, i % 13 == 0 ? "\r" : "");
  }
  return text + "2023-10-23T11:00:00,\"never closed,page_view,p1,1\nmore\n";
}

void expect_same(const Decoded& pieces, const Decoded& whole) {
  EXPECT_EQ(whole.pieces, 1u);
  EXPECT_GT(pieces.pieces, 3u);
  EXPECT_EQ(pieces.records, whole.records);
  EXPECT_EQ(pieces.malformed, whole.malformed);
  EXPECT_EQ(pieces.file_problems, whole.file_problems);
  EXPECT_EQ(pieces.own_bytes, whole.own_bytes);
  for (const std::string& entry : pieces.entries) EXPECT_EQ(entry, whole.entries.at(0));
}

TEST(PieceCutter, LargeNdjsonAndCsvEntriesDecodeInPiecesAsWhole) {
  const auto dir = testing::scratch_dir("pieces");
  const std::string ndjson = ndjson_text();
  const std::string csv = csv_text();
  write_bytes(dir / "deflated.zip", make_zip({{"day/events.ndjson", ndjson, true}}));
  write_bytes(dir / "stored.zip", make_zip({{"events.csv", csv, false}}));
  write_bytes(dir / "csv_deflated.zip", make_zip({{"events.csv", csv, true}}));
  write_bytes(dir / "events.ndjson.gz", make_gzip(ndjson));
  write_bytes(dir / "events.csv.gz", make_gzip(csv.substr(0, 3000)) + make_gzip(csv.substr(3000)));
  write_bytes(dir / "nested.zip", make_zip({{"inner.ndjson.gz", make_gzip(ndjson), true}}));
  write_bytes(dir / "plain.ndjson", ndjson);
  write_bytes(dir / "plain.csv", csv);
  const InflateLimits small{.max_ratio = 0, .piece_bytes = 512};
  const InflateLimits whole{.max_ratio = 0};
  for (const char* name : {"deflated.zip", "stored.zip", "csv_deflated.zip", "events.ndjson.gz",
                           "events.csv.gz", "nested.zip", "plain.ndjson", "plain.csv"}) {
    SCOPED_TRACE(name);
    const Decoded in_pieces = decode_walk(small, dir / name);
    const Decoded in_one = decode_walk(whole, dir / name);
    EXPECT_GT(in_one.records.size(), 140u);
    EXPECT_GT(in_one.malformed.size(), 4u);
    expect_same(in_pieces, in_one);
  }
}

TEST(PieceCutter, APlainFileInMemoryGoesInPiecesAsTheSameFileOnDisk) {
  const auto dir = testing::scratch_dir("pieces");
  const InflateLimits small{.max_ratio = 0, .piece_bytes = 512};
  for (const auto& [name, text] :
       {std::pair{"plain.ndjson", ndjson_text()}, std::pair{"plain.csv", csv_text()}}) {
    SCOPED_TRACE(name);
    write_bytes(dir / name, text);
    const Decoded on_disk = decode_walk(small, dir / name);
    const Decoded in_memory = decode_walk_bytes(small, (dir / name).string(), text);
    expect_same(in_memory, decode_walk(InflateLimits{.max_ratio = 0}, dir / name));
    EXPECT_EQ(in_memory.pieces, on_disk.pieces);
    EXPECT_EQ(in_memory.entries, on_disk.entries);
  }
}

TEST(PieceCutter, OnlyTheFileStartsWithAByteOrderMarkNotAPieceOfIt) {
  const auto dir = testing::scratch_dir("pieces");
  std::string text = "\xEF\xBB\xBF{\"event_type\":\"view_product\",\"customer_id\":\"first\"}\n";
  for (int i = 0; i < 20; ++i)
    text += fmt::format("{}{{\"event_type\":\"view_product\",\"customer_id\":\"c{}\"}}\n",
                        i % 3 == 0 ? "\xEF\xBB\xBF" : "", i);
  write_bytes(dir / "marks.ndjson", text);
  const Decoded whole = decode_walk(InflateLimits{.max_ratio = 0}, dir / "marks.ndjson");
  EXPECT_EQ(whole.records.size(), 14u);  // a mark inside the file is not JSON
  EXPECT_EQ(whole.malformed.size(), 7u);
  for (const uint64_t piece_bytes : {1, 40, 100}) {
    SCOPED_TRACE(piece_bytes);
    const Decoded pieces =
        decode_walk(InflateLimits{.max_ratio = 0, .piece_bytes = piece_bytes}, dir / "marks.ndjson");
    EXPECT_GT(pieces.pieces, 3u);
    EXPECT_EQ(pieces.records, whole.records);
    EXPECT_EQ(pieces.malformed, whole.malformed);
  }
}

TEST(PieceCutter, EveryPieceSizeGivesTheWholeResult) {
  const auto dir = testing::scratch_dir("pieces");
  write_bytes(dir / "events.zip", make_zip({{"a.csv", csv_text(), true}, {"b.ndjson", ndjson_text(), true}}));
  const Decoded whole = decode_walk(InflateLimits{}, dir / "events.zip");
  for (uint64_t piece_bytes = 1; piece_bytes < 9000; piece_bytes = piece_bytes * 3 + 1) {
    SCOPED_TRACE(piece_bytes);
    const Decoded pieces =
        decode_walk(InflateLimits{.max_ratio = 0, .piece_bytes = piece_bytes}, dir / "events.zip");
    EXPECT_EQ(pieces.records, whole.records);
    EXPECT_EQ(pieces.malformed, whole.malformed);
    EXPECT_EQ(pieces.own_bytes, whole.own_bytes);
  }
}

TEST(PieceCutter, ACsvHeaderThatIsNotTheContractsIsFoundInTheFirstPiece) {
  const auto dir = testing::scratch_dir("pieces");
  std::string customers = "customer_id,join_date,segment\n";
  for (int i = 0; i < 2000; ++i) customers += fmt::format("c{},2023-01-01,VIP\n", i);
  write_bytes(dir / "customers.zip", make_zip({{"customers.csv", customers, true}}));
  const Decoded pieces =
      decode_walk(InflateLimits{.max_ratio = 0, .piece_bytes = 256}, dir / "customers.zip");
  ASSERT_GT(pieces.pieces, 1u);
  ASSERT_FALSE(pieces.file_problems.empty());
  EXPECT_NE(pieces.file_problems[0].find("customer_id,join_date,segment"), std::string::npos);
}

TEST(PieceCutter, InflateLimitsHoldAcrossPieces) {
  const auto dir = testing::scratch_dir("pieces");
  const std::string ndjson = ndjson_text();
  write_bytes(dir / "big.ndjson.gz", make_gzip(ndjson));
  const Decoded decoded = decode_walk(
      InflateLimits{.max_input_bytes = 4000, .max_ratio = 0, .piece_bytes = 512}, dir / "big.ndjson.gz");
  ASSERT_EQ(decoded.file_problems.size(), 1u);
  EXPECT_NE(decoded.file_problems[0].find("decompresses to more than 4000 bytes"), std::string::npos);
  EXPECT_LE(decoded.own_bytes, 4000u);

  // A zip entry's declared size counts against the input's limit before any piece is read.
  write_bytes(dir / "big.zip", make_zip({{"events.ndjson", ndjson, true}}));
  const Decoded refused = decode_walk(
      InflateLimits{.max_input_bytes = 4000, .max_ratio = 0, .piece_bytes = 512}, dir / "big.zip");
  EXPECT_EQ(refused.pieces, 0u);
  ASSERT_EQ(refused.file_problems.size(), 1u);
  EXPECT_NE(refused.file_problems[0].find("per input"), std::string::npos);
}

TEST(PieceCutter, CutsOnlyAfterCsvRowsAndTheHeader) {
  const std::string text = "\n\"a\nb\",c\nx,\"y\"\"\n\",z\n";
  PieceCutter csv(InputFormat::kCsv);
  csv.scan(text.data(), 0, 1);
  EXPECT_EQ(csv.last_cut(), PieceCutter::kNone);  // a blank line before the header
  csv.scan(text.data(), 1, 8);
  EXPECT_EQ(csv.last_cut(), PieceCutter::kNone);  // inside the quoted "a\nb"
  csv.scan(text.data(), 8, text.size());
  EXPECT_EQ(csv.header_end(), 9u);
  EXPECT_EQ(csv.last_cut(), text.size());

  PieceCutter ndjson(InputFormat::kNdjson);
  ndjson.scan(text.data(), 0, 3);
  EXPECT_EQ(ndjson.last_cut(), 1u);
}

}  // namespace
}  // namespace ecomflow
