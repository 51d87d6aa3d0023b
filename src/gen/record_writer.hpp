#pragma once
/// Writes records as a JSON array (indented like Python's json.dump(indent=2),
/// or compact) or as NDJSON lines, appending to a reused buffer.

#include <string>
#include <string_view>

#include "gen/generated_event.hpp"

namespace ecomflow {

/// How records are laid out in a file.
enum class RecordLayout : uint8_t {
  kIndentedArray,  ///< seed 001's part files: `[\n  {\n    "k": v,\n …  }\n]`
  kCompactArray,   ///< `[{"k":v,…},{…}]`, for big benchmark data
  kNdjson,         ///< one compact object per line
};

/// Where a written record's text sits in the buffer: copying it after a
/// separator reproduces the record exactly (used for duplicates).
struct RecordSpan {
  size_t offset;
  size_t length;
};

/// Appends records to a buffer. One writer per file being written.
class RecordWriter {
 public:
  explicit RecordWriter(RecordLayout layout) : layout_(layout) {}

  /// Starts a file: `[` for arrays, nothing for NDJSON.
  void begin(std::string& out);
  /// Appends a record (an object, or the record's element text when set).
  RecordSpan write(std::string& out, const RecordFields& fields);
  /// Appends a copy of a record written earlier by a writer with the same layout.
  void write_copy(std::string& out, std::string_view record);
  /// Ends a file: `]` for arrays.
  void end(std::string& out);
  /// Records written since begin().
  int64_t count() const { return count_; }

 private:
  void separate(std::string& out);

  RecordLayout layout_;
  int64_t count_ = 0;
};

}  // namespace ecomflow
