#pragma once
/// A leaf input file, inflated into memory, ready to decode.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/quarantine.hpp"

namespace ecomflow {

/// Record formats a leaf file can hold, chosen by its name.
enum class InputFormat : uint8_t {
  kJsonArray,  ///< `*.json`: one JSON array of objects (seed 001's part files)
  kNdjson,     ///< `*.ndjson`, `*.jsonl`: one JSON object per line
  kCsv,        ///< `*.csv`: a header line naming the contract fields, then rows
};

/// Bytes that are always readable past the end of InputFile::content, so
/// simdjson can parse it in place without a copy.
constexpr size_t kInputPadding = 64;

/// One leaf file: where it came from, its format, and its content — all of
/// it, or for a large NDJSON or CSV file one piece of it, cut after a record's
/// line break (InflateLimits::piece_bytes). `content` is valid only during the
/// callback that receives it.
struct InputFile {
  SourceLocation location;  ///< file on disk + entry path inside archives; index -1
  InputFormat format;
  std::string_view content;  ///< followed by at least kInputPadding readable bytes
  /// 0 for the first (or only) piece of a file; every piece has the same location.
  uint32_t piece = 0;
  /// Added to the line numbers the decoder finds in `content`, so records get
  /// their line in the whole file.
  int64_t line_offset = 0;
  /// Leading bytes of `content` repeated from the first piece rather than new:
  /// the CSV header (and anything before it), so every piece has the same columns.
  size_t carried_bytes = 0;
};

}  // namespace ecomflow
