#pragma once
/// What a file or archive entry name says about its content.

#include <cstdint>
#include <string_view>

#include "ingest/input_file.hpp"

namespace ecomflow {

/// How the walker treats a file or archive entry.
enum class InputKind : uint8_t {
  kUnsupported,  ///< nothing ecomflow reads (reported as unsupported_entry inside archives)
  kZip,          ///< `*.zip`: walked recursively
  kLeaf,         ///< `*.json`, `*.ndjson`, `*.jsonl`, `*.csv`: decoded as is
  kGzipLeaf,     ///< a leaf name followed by `.gz`: gunzipped, then decoded
};

/// The kind of a name and, for leaves, the record format.
struct InputName {
  InputKind kind = InputKind::kUnsupported;
  InputFormat format = InputFormat::kJsonArray;  ///< meaningful for kLeaf and kGzipLeaf
};

/// Classifies a file name or archive entry path by its extension (case-insensitive).
InputName classify_input_name(std::string_view name);

}  // namespace ecomflow
