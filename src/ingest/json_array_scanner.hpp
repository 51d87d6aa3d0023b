#pragma once
/// A JSON array of records decoded straight from simdjson's stage-1
/// structural indexes: one pass that checks the whole grammar as simdjson's
/// stage 2 would and fills RawRecords, without building a tape and without
/// copying the strings that have no escapes.

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/raw_record.hpp"

namespace ecomflow {

/// What a scan came to.
enum class ScanVerdict : uint8_t {
  kDecoded,    ///< well formed: the records were appended
  kMalformed,  ///< certainly not valid JSON; the message says why and where
  kUndecided,  ///< left to simdjson's DOM parser (see JsonArrayScanner)
};

/// The outcome of JsonArrayScanner::scan().
struct ScanResult {
  ScanVerdict verdict = ScanVerdict::kDecoded;
  std::string message;  ///< why, when kMalformed
};

/// Decodes a JSON array of records from the stage-1 indexes of one file (one
/// per thread). It accepts a file only when simdjson's DOM parser would
/// accept it with the same values, and calls it malformed only when the DOM
/// parser would refuse it for something other than a number (a refused number
/// sends the file element by element through On-Demand). Anything it is not
/// certain of is kUndecided: a top level that is not an array, numbers past
/// 18 digits or near the double range, literals and numbers followed by
/// unusual bytes, nesting deeper than 64.
class JsonArrayScanner {
 public:
  /// Decodes `content`, on which `stage1` has just run without error; its
  /// bytes past the end are readable up to SIMDJSON_PADDING. Appends records
  /// only when kDecoded. Unescaped strings live in the scanner until the next scan().
  ScanResult scan(std::string_view content, const simdjson::internal::dom_parser_implementation& stage1,
                  std::vector<RawRecord>& out);

 private:
  bool scan_root(std::vector<RawRecord>& out);
  bool decode_record(RawRecord& record);
  bool decode_string_field(RawField& field);
  bool decode_quantity(RawRecord& record);
  bool read_string(uint32_t index, std::string_view& value);
  [[gnu::noinline]] bool read_escaped_string(uint32_t index, std::string_view& value);
  bool read_key(std::string_view& key);
  bool skip_value(int depth);
  bool skip_object(int depth);
  bool skip_array(int depth);
  bool check_literal(uint32_t index, std::string_view word);
  bool read_number(uint32_t offset, bool& is_integer, int64_t& integer);

  char char_at(uint32_t index) const { return index < count_ ? text_[offsets_[index]] : '\0'; }
  uint32_t offset_at(uint32_t index) const { return index < count_ ? offsets_[index] : uint32_t(size_); }
  bool malformed(uint32_t index, std::string_view reason);
  bool undecided();

  const char* text_ = nullptr;
  size_t size_ = 0;
  const uint32_t* offsets_ = nullptr;
  uint32_t count_ = 0;
  uint32_t position_ = 0;       ///< index of the next structural to read
  bool has_backslash_ = false;  ///< somewhere in the file
  const simdjson::internal::dom_parser_implementation* stage1_ = nullptr;
  ScanResult result_;
  /// Unescaped strings: one with its first byte at offset n of the input is
  /// written at offset n here, so strings never overlap.
  std::unique_ptr<uint8_t[]> scratch_;
  size_t scratch_size_ = 0;
};

}  // namespace ecomflow
