#include "report/csv_writer.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <iterator>

#include "core/error.hpp"

namespace ecomflow {

CsvWriter::CsvWriter(AtomicFile& file, size_t flush_bytes) : file_(&file), flush_bytes_(flush_bytes) {
  // Room for the last row that crosses the limit, so the buffer never regrows.
  buffer_.reserve(flush_bytes + 4096);
}

void CsvWriter::line(std::string_view text) {
  buffer_ += text;
  end_row();
}

CsvWriter& CsvWriter::text(std::string_view value) {
  separate();
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) {
    buffer_ += value;
    return *this;
  }
  buffer_ += '"';
  for (const char c : value) {
    if (c == '"') buffer_ += '"';
    buffer_ += c;
  }
  buffer_ += '"';
  return *this;
}

CsvWriter& CsvWriter::plain(std::string_view value) {
  separate();
  buffer_ += value;
  return *this;
}

CsvWriter& CsvWriter::integer(int64_t value) {
  separate();
  const fmt::format_int digits(value);
  buffer_.append(digits.data(), digits.size());
  return *this;
}

CsvWriter& CsvWriter::hex64(uint64_t value) {
  separate();
  fmt::format_to(std::back_inserter(buffer_), FMT_COMPILE("{:016x}"), value);
  return *this;
}

CsvWriter& CsvWriter::cents(Cents value) {
  separate();
  const uint64_t magnitude = value < 0 ? uint64_t(0) - uint64_t(value) : uint64_t(value);
  if (value < 0) buffer_ += '-';
  const fmt::format_int whole(magnitude / 100);
  buffer_.append(whole.data(), whole.size());
  const unsigned fraction = unsigned(magnitude % 100);
  const char decimals[3] = {'.', char('0' + fraction / 10), char('0' + fraction % 10)};
  buffer_.append(decimals, 3);
  return *this;
}

CsvWriter& CsvWriter::fixed(double value, int decimals) {
  ECOMFLOW_CHECK(decimals == 2 || decimals == 4);
  separate();
  if (decimals == 2) {
    fmt::format_to(std::back_inserter(buffer_), FMT_COMPILE("{:.2f}"), value);
  } else {
    fmt::format_to(std::back_inserter(buffer_), FMT_COMPILE("{:.4f}"), value);
  }
  return *this;
}

CsvWriter& CsvWriter::timestamp(TimestampUs value) {
  separate();
  char text[kTimeTextCapacity];
  buffer_.append(text, write_timestamp(text, value));
  return *this;
}

CsvWriter& CsvWriter::date(DayNumber value) {
  separate();
  char text[kTimeTextCapacity];
  buffer_.append(text, write_date(text, value));
  return *this;
}

CsvWriter& CsvWriter::empty() {
  separate();
  return *this;
}

void CsvWriter::end_row() {
  buffer_ += '\n';
  at_row_start_ = true;
  if (file_ != nullptr && buffer_.size() >= flush_bytes_) {
    file_->write(buffer_);
    buffer_.clear();
  }
}

void CsvWriter::finish() {
  if (file_ == nullptr) return;
  file_->write(buffer_);
  buffer_.clear();
  file_->commit();
}

}  // namespace ecomflow
