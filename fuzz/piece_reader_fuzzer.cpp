// libFuzzer target, differential: one NDJSON or CSV file read in small pieces
// by the archive walker (ArchiveWalker::walk_bytes past
// InflateLimits::piece_bytes, the path that reads large files from disk and
// from archives) must give the pipeline what the same file read whole gives:
// the same records (raw text, line, fields) and malformed records in the same
// order, and the same file-level verdict.
//
// Input: byte 0 chooses the format (bit 0: CSV, else NDJSON), bytes 1-2 the
// piece size (1..4096 bytes), the rest is the file.
//
// What is compared is what FileProcessor::process_leaf makes of the pieces:
// a piece whose decode says the whole file is malformed (a CSV header that is
// not the contract's) quarantines the file and the pieces after it are
// skipped. The CSV header always lies in the first piece (PieceCutter never
// cuts before it), so that piece gives the whole file's verdict.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/archive_walker.hpp"
#include "ingest/decoder.hpp"

/// Stops the run on a broken property, naming it.
#define EXPECT_PROPERTY(condition)                                    \
  do {                                                                \
    if (!(condition)) {                                               \
      std::fprintf(stderr, "piece_reader: broken: %s\n", #condition); \
      __builtin_trap();                                               \
    }                                                                 \
  } while (false)

namespace {

using namespace ecomflow;

/// Inputs past this are ignored: a one-byte piece of a CSV file repeats the
/// header, so the work grows with lines times header length.
constexpr size_t kMaxFileBytes = size_t{1} << 18;

/// Pieces larger than any input: the whole file in one piece.
constexpr uint64_t kWholeFile = uint64_t{1} << 30;

/// What the pipeline takes from a file, written out so pieces decoded by
/// one RecordDecoder call after another can be compared with the whole.
struct Outcome {
  std::string records;    ///< one line-numbered entry per record, in order
  std::string malformed;  ///< one per malformed record, in order (a stream of its own: the pipeline
                          ///< quarantines a piece's malformed records before its records)
  std::string verdict;    ///< the file-level problem, empty when the file is well formed
  bool skipping = false;
};

void append_field(std::string& out, const RawField& field) {
  out += char('0' + int(field.state));
  out += std::to_string(field.value.size());
  out += ':';
  out += field.value;
}

void append_record(std::string& out, RecordDecoder& decoder, const RawRecord& record) {
  // `index` is the file's line: RecordDecoder::decode adds the piece's line_offset.
  out += "record " + std::to_string(record.index) + ' ';
  const std::string_view raw = decoder.raw_text(record);
  out += std::to_string(raw.size()) + ':';
  out += raw;
  out += record.is_object ? 'o' : '-';
  out += record.duplicate_field ? 'd' : '-';
  for (const RawField* field : {&record.timestamp, &record.customer_id, &record.event_type,
                                &record.product_id, &record.event_id, &record.session_id})
    append_field(out, *field);
  out += char('0' + int(record.quantity_state));
  out += std::to_string(record.quantity);
  out += '\n';
}

/// Decodes one delivered file or piece as FileProcessor::process_leaf does.
void take(Outcome& outcome, RecordDecoder& decoder, std::vector<RawRecord>& records, const InputFile& file) {
  if (file.piece == 0) outcome.skipping = false;
  if (outcome.skipping) return;
  records.clear();
  const DecodeResult result = decoder.decode(file, records);
  if (result.file_malformed) {
    EXPECT_PROPERTY(records.empty());  // all of a file or none of it
    outcome.skipping = true;
    outcome.verdict += std::to_string(int(result.file_reason)) + ' ' + result.message + '\n';
    return;
  }
  for (const MalformedRecord& bad : result.malformed_records) {
    outcome.malformed +=
        "malformed " + std::to_string(bad.index) + ' ' + std::to_string(bad.raw.size()) + ':';
    outcome.malformed += bad.raw;
    outcome.malformed += ' ' + bad.message + '\n';
  }
  for (const RawRecord& record : records) append_record(outcome.records, decoder, record);
}

/// Shows both outcomes when they differ, for whoever reads the crash.
void print_difference(const Outcome& whole, const Outcome& pieces) {
  for (const auto& [title, outcome] : {std::pair{"whole file", &whole}, std::pair{"in pieces", &pieces}}) {
    std::fprintf(stderr, "%s:\n", title);
    for (const std::string* text : {&outcome->verdict, &outcome->malformed, &outcome->records})
      std::fwrite(text->data(), 1, text->size(), stderr);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ArchiveWalker whole_walker(InflateLimits{.max_input_bytes = kWholeFile, .piece_bytes = kWholeFile});
  static RecordDecoder decoder;
  static std::vector<RawRecord> records;
  if (size < 3 || size - 3 > kMaxFileBytes) return 0;
  const bool csv = data[0] & 1;
  const uint64_t piece_bytes = 1 + ((uint64_t(data[1]) << 8 | data[2]) % 4096);
  const std::string_view bytes(reinterpret_cast<const char*>(data + 3), size - 3);
  const std::string name = csv ? "input.csv" : "input.ndjson";
  // A leaf file in memory has nothing that can fail to read.
  const auto no_problem = [](QuarantineRecord&& problem) { EXPECT_PROPERTY(problem.detail.empty()); };

  Outcome whole;
  size_t whole_files = 0;
  whole_walker.walk_bytes(
      name, bytes,
      [&](const InputFile& file) {
        ++whole_files;
        EXPECT_PROPERTY(file.piece == 0 && file.carried_bytes == 0 && file.content == bytes);
        take(whole, decoder, records, file);
      },
      no_problem);
  EXPECT_PROPERTY(whole_files == 1);

  // One walker per piece size: the limits are fixed at construction.
  ArchiveWalker piece_walker(InflateLimits{.max_input_bytes = kWholeFile, .piece_bytes = piece_bytes});
  Outcome pieces;
  uint32_t next_piece = 0;
  std::string_view rest = bytes;  // the file's bytes no piece has delivered yet
  piece_walker.walk_bytes(
      name, bytes,
      [&](const InputFile& file) {
        // Pieces come in order, each holds the repeated header (CSV only,
        // from the second piece on) then the next bytes of the file, and
        // together they hold every byte once.
        EXPECT_PROPERTY(file.piece == next_piece);
        ++next_piece;
        EXPECT_PROPERTY(file.carried_bytes == 0 || (csv && file.piece > 0));
        EXPECT_PROPERTY(file.carried_bytes <= file.content.size());
        EXPECT_PROPERTY(file.content.substr(0, file.carried_bytes) == bytes.substr(0, file.carried_bytes));
        const std::string_view own = file.content.substr(file.carried_bytes);
        EXPECT_PROPERTY(rest.substr(0, own.size()) == own);
        rest.remove_prefix(own.size());
        take(pieces, decoder, records, file);
      },
      no_problem);
  EXPECT_PROPERTY(rest.empty() && next_piece > 0);
  EXPECT_PROPERTY(bytes.size() > piece_bytes || next_piece == 1);  // small files stay whole

  // A file malformed as a whole (a CSV header) gives no records, whole or in
  // pieces: its verdict comes with the first piece, and the pipeline skips
  // the pieces after it.
  if (pieces.verdict != whole.verdict || pieces.records != whole.records ||
      pieces.malformed != whole.malformed)
    print_difference(whole, pieces);
  EXPECT_PROPERTY(pieces.verdict == whole.verdict);
  EXPECT_PROPERTY(pieces.records == whole.records);
  EXPECT_PROPERTY(pieces.malformed == whole.malformed);
  return 0;
}
