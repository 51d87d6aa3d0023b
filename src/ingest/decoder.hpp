#pragma once
/// Decoding leaf files (JSON array, NDJSON, CSV) into RawRecords.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/input_file.hpp"
#include "ingest/raw_record.hpp"

namespace ecomflow {

/// Objects and arrays nested deeper than this make a record (NDJSON line) or
/// a JSON array file malformed_json: simdjson's DOM parser stops at the same
/// depth, and the checks that walk a value recursively stay within the stack.
constexpr int kMaxJsonDepth = 1024;

/// A record that could not be decoded at all: an NDJSON line that is not
/// JSON, a CSV row with the wrong number of cells (record-level malformed_json).
struct MalformedRecord {
  int64_t index = 0;     ///< 0-based line where the record starts
  std::string_view raw;  ///< its text; valid until the next decode()
  std::string message;   ///< what is wrong with it
};

/// What decode() found besides the records it appended.
struct DecodeResult {
  /// The whole file is malformed_json (not JSON, or a JSON file whose top
  /// level is not an array): no record of it was appended.
  bool file_malformed = false;
  /// The reason the whole file gets: malformed_json, or bad_header for a CSV
  /// file whose header is not the contract's.
  QuarantineReason file_reason = QuarantineReason::kMalformedJson;
  std::string message;                             ///< why, when file_malformed
  std::vector<MalformedRecord> malformed_records;  ///< NDJSON lines and CSV rows that did not decode
};

class JsonArrayDecoder;
class NdjsonDecoder;
class CsvDecoder;

/// Turns leaf files into RawRecords. One per thread: it owns a simdjson
/// parser and scratch memory, and the views in the records it appends (and in
/// DecodeResult::malformed_records) stay valid until its next decode() call
/// and as long as the InputFile's content does.
class RecordDecoder {
 public:
  RecordDecoder();
  ~RecordDecoder();
  RecordDecoder(const RecordDecoder&) = delete;
  RecordDecoder& operator=(const RecordDecoder&) = delete;

  /// Appends the records of `file` to `out`. A JSON array file is all or
  /// nothing; NDJSON and CSV files skip (and report) the records that do not decode.
  DecodeResult decode(const InputFile& file, std::vector<RawRecord>& out);

  /// The raw text of a record of the file last decoded: `record.raw`, or
  /// for JSON array files (which leave it empty to save time) the element's
  /// text found on demand.
  std::string_view raw_text(const RawRecord& record);

 private:
  std::unique_ptr<NdjsonDecoder> ndjson_;  ///< declared first: json_array_ falls back on it
  std::unique_ptr<JsonArrayDecoder> json_array_;
  std::unique_ptr<CsvDecoder> csv_;
};

}  // namespace ecomflow
