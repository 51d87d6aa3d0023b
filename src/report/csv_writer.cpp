#include "report/csv_writer.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/error.hpp"
#include "store/csv_table.hpp"

namespace ecomflow {
namespace {

constexpr size_t kIntegerCapacity = 20;  // "-9223372036854775808"

}  // namespace

CsvWriter::CsvWriter(AtomicFile& file, size_t flush_bytes) : file_(&file), flush_bytes_(flush_bytes) {
  // Room for the row that crosses the limit, so the buffer rarely regrows.
  buffer_.resize(flush_bytes + 4096);
}

void CsvWriter::grow(size_t bytes) {
  buffer_.resize(std::max({buffer_.size() * 2, used_ + bytes, size_t(4096)}));
}

void CsvWriter::line(std::string_view text) {
  plain(text);
  end_row();
}

CsvWriter& CsvWriter::text(std::string_view value) {
  if (csv_formula_risk(value)) {  // rare: catalog text a spreadsheet would run
    std::string field;
    append_report_csv_field(field, value);
    return plain(field);
  }
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) return plain(value);
  char* out = field(2 * value.size() + 2);
  char* const start = out;
  *out++ = '"';
  for (const char c : value) {
    if (c == '"') *out++ = '"';
    *out++ = c;
  }
  *out++ = '"';
  used_ += size_t(out - start);
  return *this;
}

CsvWriter& CsvWriter::plain(std::string_view value) {
  std::memcpy(field(value.size()), value.data(), value.size());
  used_ += value.size();
  return *this;
}

CsvWriter& CsvWriter::integer(int64_t value) {
  char* out = field(kIntegerCapacity);
  used_ += size_t(std::to_chars(out, out + kIntegerCapacity, value).ptr - out);
  return *this;
}

CsvWriter& CsvWriter::hex64(uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char* out = field(16);
  for (int i = 15; i >= 0; --i, value >>= 4) out[i] = kDigits[value & 0xF];
  used_ += 16;
  return *this;
}

CsvWriter& CsvWriter::cents(Cents value) {
  char* out = field(kIntegerCapacity + 2);
  char* const start = out;
  const uint64_t magnitude = value < 0 ? uint64_t(0) - uint64_t(value) : uint64_t(value);
  if (value < 0) *out++ = '-';
  out = std::to_chars(out, out + kIntegerCapacity, magnitude / 100).ptr;
  const unsigned fraction = unsigned(magnitude % 100);
  *out++ = '.';
  *out++ = char('0' + fraction / 10);
  *out++ = char('0' + fraction % 10);
  used_ += size_t(out - start);
  return *this;
}

CsvWriter& CsvWriter::fixed(double value, int decimals) {
  ECOMFLOW_CHECK(decimals == 2 || decimals == 4);
  // Rates and means are few; fmt rounds exactly like printf.
  fmt::memory_buffer text;
  if (decimals == 2) {
    fmt::format_to(std::back_inserter(text), FMT_COMPILE("{:.2f}"), value);
  } else {
    fmt::format_to(std::back_inserter(text), FMT_COMPILE("{:.4f}"), value);
  }
  return plain({text.data(), text.size()});
}

CsvWriter& CsvWriter::timestamp(TimestampUs value) {
  used_ += write_timestamp(field(kTimeTextCapacity), value);
  return *this;
}

CsvWriter& CsvWriter::date(DayNumber value) {
  used_ += write_date(field(kTimeTextCapacity), value);
  return *this;
}

CsvWriter& CsvWriter::empty() {
  field(0);
  return *this;
}

void CsvWriter::end_row() {
  if (used_ == buffer_.size()) grow(1);
  buffer_[used_++] = '\n';
  at_row_start_ = true;
  if (file_ != nullptr && used_ >= flush_bytes_) {
    file_->write(text());
    used_ = 0;
  }
}

void CsvWriter::finish() {
  if (file_ == nullptr) return;
  flush();
  file_->commit();
}

void CsvWriter::flush() {
  if (file_ == nullptr) return;
  file_->write(text());
  used_ = 0;
}

PartedCsvFile::PartedCsvFile(const std::filesystem::path& path, size_t parts, AtomicFileSet* files)
    : file_(path, files), first_(file_) {
  for (size_t part = 1; part < parts; ++part) held_.push_back(std::make_unique<CsvWriter>());
}

void PartedCsvFile::finish() {
  first_.flush();
  for (const auto& part : held_) file_.write(part->text());
  file_.commit();
}

}  // namespace ecomflow
