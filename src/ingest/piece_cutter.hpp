#pragma once
/// Where a large NDJSON or CSV file may be cut into pieces that decode as the
/// whole file would: after a line break that ends a record.

#include <cstddef>
#include <string_view>

#include "ingest/input_file.hpp"

namespace ecomflow {

/// Follows a file's bytes as they arrive in one buffer and remembers the last
/// place a piece may end. NDJSON: after any line break. CSV: after a line
/// break outside quoted cells (reading quotes exactly as CsvDecoder does), and
/// never before the end of the header row, which every piece repeats.
class PieceCutter {
 public:
  static constexpr size_t kNone = size_t(-1);

  explicit PieceCutter(InputFormat format) : format_(format) {}

  /// Reads `buffer[from, to)`, the bytes that follow the ones read before.
  void scan(const char* buffer, size_t from, size_t to);
  /// Where the last piece may end (just past a line break), or kNone.
  size_t last_cut() const { return last_cut_; }
  /// CSV: just past the header row's line break (kNone until it is read); NDJSON: 0.
  size_t header_end() const { return format_ == InputFormat::kCsv ? header_end_ : 0; }
  /// The buffer's bytes from `cut` on moved to `to` (< cut): positions follow,
  /// and no cut is known until the next line break.
  void moved(size_t cut, size_t to);

 private:
  /// Where a CSV reader is, as CsvDecoder::read_row would be.
  enum class CsvState { kCellStart, kUnquoted, kQuoted, kQuoteInQuoted };

  void scan_csv(const char* buffer, size_t from, size_t to);

  InputFormat format_;
  size_t last_cut_ = kNone;
  size_t header_end_ = kNone;
  size_t row_start_ = 0;  ///< CSV: where the current row began
  CsvState state_ = CsvState::kCellStart;
};

}  // namespace ecomflow
