#pragma once
/// JSON array files (seed 001's part files): simdjson's stage 1 finds the
/// structurals, then one validating pass over them fills the records
/// (json_array_scanner.hpp); the files it leaves go through simdjson's DOM
/// parser. A file either decodes completely or not at all.

#include <simdjson.h>

#include <string_view>
#include <vector>

#include "ingest/decoder.hpp"
#include "ingest/json_array_scanner.hpp"

namespace ecomflow {

class NdjsonDecoder;

/// Decodes one JSON array of records per call (one per thread).
class JsonArrayDecoder {
 public:
  /// Which parser gave the outcome of a decode().
  enum class Path : uint8_t { kScanner, kDom };

  /// `fallback` decodes element by element the files the DOM parser refuses
  /// only because of an integer wider than 64 bits (valid JSON).
  explicit JsonArrayDecoder(NdjsonDecoder& fallback) : fallback_(fallback) {}

  /// All elements of the top-level array, or none and `file_malformed`.
  /// Strings point into `content` (or, when unescaped, into the decoder) and
  /// stay valid until the next call.
  /// Records of a well-formed file are appended with an empty `raw`: most
  /// records never need it, and finding every element's text costs as much
  /// as decoding them. element_text() finds it on demand.
  DecodeResult decode(std::string_view content, size_t readable, std::vector<RawRecord>& out);

  /// The same decoding through simdjson's DOM parser alone: decode() hands it
  /// the files its scanner leaves, and it is the reference the scanner is
  /// tested against. Same contract as decode().
  DecodeResult decode_with_dom(std::string_view content, size_t readable, std::vector<RawRecord>& out);

  /// Which parser gave the outcome of the last decode().
  Path last_path() const { return last_path_; }

  /// The raw text of element `index` of the file last decoded (valid until
  /// the next decode()).
  std::string_view element_text(int64_t index);

 private:
  /// Finds the text of each root-array element from the parser's stage-1
  /// structural indexes; false when the root array itself is not well formed.
  bool find_element_texts(std::string_view content);
  DecodeResult decode_elements_one_by_one(std::string_view content, size_t readable,
                                          std::vector<RawRecord>& out);

  simdjson::dom::parser parser_;
  JsonArrayScanner scanner_;
  NdjsonDecoder& fallback_;
  std::vector<std::string_view> element_texts_;
  std::string_view content_;          ///< the file last decoded
  bool element_texts_ready_ = false;  ///< element_texts_ describes content_
  Path last_path_ = Path::kScanner;
};

}  // namespace ecomflow
