#pragma once
/// The JSON half of RecordDecoder: JSON array files and NDJSON files, parsed
/// in place with simdjson On-Demand.

#include <simdjson.h>

#include <string_view>
#include <vector>

#include "ingest/decoder.hpp"
#include "ingest/text_arena.hpp"

namespace ecomflow {

/// Decodes JSON and NDJSON content into RawRecords (one per thread).
class JsonDecoder {
 public:
  /// All elements of a top-level array, or none and `file_malformed`.
  /// `readable` counts the bytes readable from content.data() (at least size + kInputPadding).
  DecodeResult decode_array(std::string_view content, size_t readable, std::vector<RawRecord>& out);

  /// One record per non-blank line; lines that are not JSON are reported.
  DecodeResult decode_lines(std::string_view content, size_t readable, std::vector<RawRecord>& out);

 private:
  simdjson::error_code decode_element(simdjson::ondemand::document& document, simdjson::ondemand::value element,
                                      RawRecord& record);
  simdjson::error_code decode_line(std::string_view line, size_t readable, RawRecord& record);
  simdjson::error_code decode_object(simdjson::ondemand::object object, RawRecord& record);
  simdjson::error_code decode_string_field(simdjson::ondemand::value value, RawField& field);
  simdjson::error_code decode_quantity(simdjson::ondemand::value value, RawRecord& record);

  simdjson::ondemand::parser parser_;
  TextArena arena_;  ///< unescaped strings; NDJSON reuses the parser's own buffer on every line
};

}  // namespace ecomflow
