#pragma once
/// A leaf input file, inflated into memory, ready to decode.

#include <cstddef>
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

/// One leaf file: where it came from, its format, and its whole content.
/// `content` is valid only during the callback that receives it.
struct InputFile {
  SourceLocation location;  ///< file on disk + entry path inside archives; index -1
  InputFormat format;
  std::string_view content;  ///< followed by at least kInputPadding readable bytes
};

}  // namespace ecomflow
