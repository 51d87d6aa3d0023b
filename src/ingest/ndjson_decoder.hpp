#pragma once
/// NDJSON files: one JSON record per line, each parsed in place with
/// simdjson On-Demand so that a bad line costs only itself. Every value is
/// validated, including the keys the contract ignores.

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "ingest/decoder.hpp"
#include "ingest/text_arena.hpp"

namespace ecomflow {

/// Why a JSON text is malformed: simdjson's message, or the nesting limit
/// for DEPTH_ERROR.
std::string json_error_detail(simdjson::error_code error);

/// Decodes NDJSON content into RawRecords (one per thread).
class NdjsonDecoder {
 public:
  /// One record per non-blank line; lines that are not JSON are reported.
  /// `readable` counts the bytes readable from content.data() (at least size + kInputPadding).
  DecodeResult decode(std::string_view content, size_t readable, std::vector<RawRecord>& out);

  /// Decodes one JSON text holding one record (a line, or an array element
  /// the DOM parser could not take). Strings stay valid until clear_scratch().
  simdjson::error_code decode_document(std::string_view text, size_t readable, RawRecord& record);

  /// Forgets the unescaped strings of earlier documents.
  void clear_scratch() { arena_.clear(); }

 private:
  simdjson::error_code decode_object(simdjson::ondemand::object object, RawRecord& record);
  simdjson::error_code decode_string_field(simdjson::ondemand::value value, RawField& field);
  simdjson::error_code decode_quantity(simdjson::ondemand::value value, RawRecord& record);

  simdjson::ondemand::parser parser_;
  TextArena arena_;  ///< unescaped strings; NDJSON reuses the parser's own buffer on every line
};

}  // namespace ecomflow
