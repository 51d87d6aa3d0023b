#pragma once
/// The CSV half of RecordDecoder: RFC 4180 files whose header names the
/// contract fields.

#include <string>
#include <string_view>
#include <vector>

#include "ingest/decoder.hpp"
#include "ingest/text_arena.hpp"

namespace ecomflow {

/// Decodes CSV content into RawRecords (one per thread).
class CsvDecoder {
 public:
  /// One record per row after the header; rows with the wrong number of
  /// cells or a broken quote are reported. Blank lines are skipped.
  DecodeResult decode(std::string_view content, std::vector<RawRecord>& out);

 private:
  /// Where the next row starts and how it ended.
  struct Row {
    std::string_view raw;  ///< the row's text without its line break
    int64_t line = 0;      ///< 0-based line where it starts
    bool well_formed = true;
    std::string_view problem;
  };
  /// Splits the row starting at `position` into cells_; advances `position` and `line`.
  Row read_row(std::string_view content, size_t& position, int64_t& line);
  void fill_record(RawRecord& record) const;
  /// Why the header in columns_ is not an events header (empty when it is).
  std::string header_problem() const;

  std::vector<std::string_view> cells_;  ///< cells of the current row
  std::vector<int> columns_;             ///< header column → contract field (or -1)
  TextArena arena_;                      ///< cells with doubled quotes, unescaped
};

}  // namespace ecomflow
