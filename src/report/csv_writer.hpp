#pragma once
/// CSV output field by field: numbers, money, rates and times are written
/// straight into one reused buffer (no string per field), and a writer bound
/// to a file hands the buffer to it whenever a row takes it past ~1 MB, so a
/// million-row report never sits in memory whole.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/atomic_file.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace ecomflow {

/// Buffer size at which a file-bound CsvWriter writes its rows out.
constexpr size_t kCsvFlushBytes = size_t(1) << 20;

/// Writes CSV rows; fields of a row are separated by commas as they are added.
class CsvWriter {
 public:
  /// Keeps the whole text in memory; see text().
  CsvWriter() = default;
  /// Writes into `file` whenever the buffer reaches `flush_bytes`; call finish() at the end.
  explicit CsvWriter(AtomicFile& file, size_t flush_bytes = kCsvFlushBytes);

  /// A line written as is, newline added (headers).
  void line(std::string_view text);
  /// Text, quoted when it holds a comma, a quote or a line break.
  CsvWriter& text(std::string_view value);
  /// Text known to need no quoting (names of enums, weekday names).
  CsvWriter& plain(std::string_view value);
  CsvWriter& integer(int64_t value);
  /// Zero-padded 16-digit lowercase hex.
  CsvWriter& hex64(uint64_t value);
  /// Cents as `-123.45`, like format_cents.
  CsvWriter& cents(Cents value);
  /// Fixed-point with `decimals` (2 or 4) digits, rounded like printf.
  CsvWriter& fixed(double value, int decimals);
  /// ISO-8601 UTC with `Z`, like format_timestamp.
  CsvWriter& timestamp(TimestampUs value);
  /// `YYYY-MM-DD`, like format_date.
  CsvWriter& date(DayNumber value);
  /// A field with nothing in it.
  CsvWriter& empty();
  /// Ends the row (newline), writing the buffer out when it is full.
  void end_row();

  /// Writes what is buffered to the file (if any) and commits it. Throws UserError.
  void finish();
  /// Everything written so far, for an in-memory writer.
  const std::string& text() const { return buffer_; }

 private:
  void separate() {
    if (!at_row_start_) buffer_ += ',';
    at_row_start_ = false;
  }

  AtomicFile* file_ = nullptr;
  size_t flush_bytes_ = 0;
  std::string buffer_;
  bool at_row_start_ = true;
};

}  // namespace ecomflow
