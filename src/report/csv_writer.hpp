#pragma once
/// CSV output field by field: numbers, money, rates and times are written
/// straight into one reused buffer (no string per field), and a writer bound
/// to a file hands the buffer to it whenever a row takes it past ~1 MB, so a
/// million-row report never sits in memory whole.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
  /// Text, quoted when it holds a comma, a quote or a line break; text a
  /// spreadsheet would run as a formula gets a leading `'` (csv_formula_risk).
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
  /// Writes what is buffered to the file, if any, without committing it.
  void flush();
  /// Everything written so far, for an in-memory writer (what is not yet written out, for a file-bound one).
  std::string_view text() const { return {buffer_.data(), used_}; }

 private:
  /// Where the next field goes: after its separator, with `bytes` of room.
  /// Fields are written in place, so the buffer keeps its size and `used_`
  /// says how much of it holds the file.
  char* field(size_t bytes) {
    if (buffer_.size() - used_ < bytes + 1) grow(bytes + 1);
    if (!at_row_start_) buffer_[used_++] = ',';
    at_row_start_ = false;
    return buffer_.data() + used_;
  }
  void grow(size_t bytes);

  AtomicFile* file_ = nullptr;
  size_t flush_bytes_ = 0;
  std::string buffer_;
  size_t used_ = 0;
  bool at_row_start_ = true;
};

/// A CSV file whose rows are formatted in parts side by side: part 0 goes
/// straight into the file and the others are held in memory until finish()
/// appends them in order, so the file reads as if one writer had written it.
class PartedCsvFile {
 public:
  /// Creates the file as an AtomicFile (with `files`, as part of it). Throws UserError.
  PartedCsvFile(const std::filesystem::path& path, size_t parts, AtomicFileSet* files = nullptr);

  size_t parts() const { return 1 + held_.size(); }
  /// The writer of part `part` (< parts()), for one thread at a time.
  CsvWriter& part(size_t part) { return part == 0 ? first_ : *held_[part - 1]; }
  /// Once every part is written: appends the held ones and commits the file. Throws UserError.
  void finish();

 private:
  AtomicFile file_;
  CsvWriter first_;
  std::vector<std::unique_ptr<CsvWriter>> held_;  ///< each on memory of its own
};

}  // namespace ecomflow
