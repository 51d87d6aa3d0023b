#include "ingest/piece_cutter.hpp"

#include <cstring>

namespace ecomflow {

void PieceCutter::scan(const char* buffer, size_t from, size_t to) {
  if (format_ == InputFormat::kCsv) return scan_csv(buffer, from, to);
  if (from >= to) return;
  const void* newline = memrchr(buffer + from, '\n', to - from);
  if (newline) last_cut_ = size_t(static_cast<const char*>(newline) - buffer) + 1;
}

void PieceCutter::scan_csv(const char* buffer, size_t from, size_t to) {
  // CsvDecoder reads a file without its byte order mark.
  if (from == 0 && to >= 3 && std::memcmp(buffer, "\xEF\xBB\xBF", 3) == 0) from = row_start_ = 3;
  for (size_t i = from; i < to; ++i) {
    const char c = buffer[i];
    switch (state_) {
      case CsvState::kQuoted:
        // Commas and line breaks inside quotes are data; only a quote matters.
        if (const void* quote = std::memchr(buffer + i, '"', to - i)) {
          i = size_t(static_cast<const char*>(quote) - buffer);
          state_ = CsvState::kQuoteInQuoted;
        } else {
          i = to;
        }
        continue;
      case CsvState::kQuoteInQuoted:
        // `""` is one quote inside the cell; anything else closed it.
        if (c == '"') {
          state_ = CsvState::kQuoted;
          continue;
        }
        break;
      case CsvState::kCellStart:
        if (c == '"') {
          state_ = CsvState::kQuoted;
          continue;
        }
        break;
      case CsvState::kUnquoted:
        break;
    }
    if (c == ',') {
      state_ = CsvState::kCellStart;
    } else if (c == '\n') {
      state_ = CsvState::kCellStart;
      // CsvDecoder skips blank rows ("" or a lone CR) before the header.
      const size_t length = i - row_start_;
      const bool blank = length == 0 || (length == 1 && buffer[row_start_] == '\r');
      if (header_end_ == kNone && !blank) header_end_ = i + 1;
      if (header_end_ != kNone) last_cut_ = i + 1;
      row_start_ = i + 1;
    } else {
      state_ = CsvState::kUnquoted;
    }
  }
}

void PieceCutter::moved(size_t cut, size_t to) {
  const size_t shift = cut - to;
  if (row_start_ >= cut) row_start_ -= shift;
  last_cut_ = kNone;
}

}  // namespace ecomflow
