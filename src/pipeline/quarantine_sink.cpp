#include "pipeline/quarantine_sink.hpp"

#include <fmt/format.h>

#include <cstring>

#include "core/error.hpp"
#include "core/logging.hpp"

namespace ecomflow {
namespace {

// A kept record on disk: its size (u32), reason (u8), raw encoding (u8), source index (i64),
// raw original bytes (i64), then detail, file, entry and raw, each as a u32 length and the bytes.
template <typename Value>
void append_value(std::string& out, Value value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(value));
}

void append_text(std::string& out, const std::string& text) {
  append_value(out, uint32_t(text.size()));
  out.append(text);
}

void append_kept(const QuarantineRecord& record, std::string& out) {
  const size_t start = out.size();
  append_value(out, uint32_t(0));  // the size, once known
  append_value(out, uint8_t(record.reason));
  append_value(out, uint8_t(record.raw_encoding));
  append_value(out, record.source.index);
  append_value(out, record.raw_original_bytes);
  append_text(out, record.detail);
  append_text(out, record.source.file);
  append_text(out, record.source.entry);
  append_text(out, record.raw);
  const auto size = uint32_t(out.size() - start - sizeof(uint32_t));
  std::memcpy(out.data() + start, &size, sizeof(size));
}

/// Reads a value or a text from `bytes` at `at`, moving `at` past it.
template <typename Value>
Value take_value(std::string_view bytes, size_t& at) {
  ECOMFLOW_CHECK_LE(at + sizeof(Value), bytes.size());
  Value value;
  std::memcpy(&value, bytes.data() + at, sizeof(value));
  at += sizeof(value);
  return value;
}

std::string take_text(std::string_view bytes, size_t& at) {
  const auto size = take_value<uint32_t>(bytes, at);
  ECOMFLOW_CHECK_LE(at + size, bytes.size());
  std::string text(bytes.substr(at, size));
  at += size;
  return text;
}

}  // namespace

void append_quarantine_json(const QuarantineRecord& record, std::string& out) {
  fmt::format_to(std::back_inserter(out),
                 "{{\"reason\":\"{}\",\"detail\":\"{}\",\"file\":\"{}\",\"entry\":\"{}\",\"index\":{},"
                 "\"raw\":\"{}\"{}",
                 quarantine_reason_name(record.reason), json_escape(record.detail),
                 json_escape(record.source.file), json_escape(record.source.entry), record.source.index,
                 json_escape(record.raw),
                 record.raw_encoding == RawEncoding::kBase64 ? ",\"raw_encoding\":\"base64\"" : "");
  if (record.raw_original_bytes >= 0)
    fmt::format_to(std::back_inserter(out), ",\"raw_truncated\":true,\"raw_original_bytes\":{}",
                   record.raw_original_bytes);
  out += "}\n";
}

QuarantineSink::QuarantineSink(const std::filesystem::path& file, bool keep_for_database)
    // Quarantined records are copies of input text (customer data, or
    // whatever a bad input held): readable by the owner only.
    : file_(file, nullptr, kQuarantineFileMode),
      keep_for_database_(keep_for_database),
      kept_file_({}, "quarantine", "point TMPDIR at a writable directory with free space") {}

void QuarantineSink::add(std::vector<QuarantineRecord>& records) {
  if (records.empty()) return;
  std::lock_guard lock(mutex_);
  line_.clear();
  for (const QuarantineRecord& record : records) append_quarantine_json(record, line_);
  file_.write(line_);
  if (keep_for_database_) {
    line_.clear();
    for (const QuarantineRecord& record : records) append_kept(record, line_);
    kept_file_.append(std::as_bytes(std::span(line_.data(), line_.size())));
    kept_count_ += int64_t(records.size());
  }
  records.clear();
}

void QuarantineSink::commit() {
  std::lock_guard lock(mutex_);
  file_.commit();
}

bool QuarantineSink::KeptReader::fill(size_t bytes) {
  constexpr size_t kReadBytes = size_t(1) << 16;
  if (buffer_.size() - position_ >= bytes) return true;
  const uint64_t end = sink_.kept_file_.bytes_written();
  offset_ += position_;
  buffer_.erase(0, position_);
  position_ = 0;
  const uint64_t unread = end - offset_ - buffer_.size();
  if (buffer_.size() + unread < bytes) return false;
  const size_t count = size_t(std::min<uint64_t>(unread, std::max(kReadBytes, bytes - buffer_.size())));
  const size_t old_size = buffer_.size();
  buffer_.resize(old_size + count);
  sink_.kept_file_.read(offset_ + old_size,
                        std::as_writable_bytes(std::span(buffer_.data() + old_size, count)));
  return true;
}

bool QuarantineSink::KeptReader::next(QuarantineRecord& record) {
  if (!fill(sizeof(uint32_t))) return false;
  uint32_t size;
  std::memcpy(&size, buffer_.data() + position_, sizeof(size));
  ECOMFLOW_CHECK(fill(sizeof(uint32_t) + size));
  const std::string_view bytes(buffer_.data() + position_ + sizeof(uint32_t), size);
  size_t at = 0;
  record.reason = QuarantineReason(take_value<uint8_t>(bytes, at));
  record.raw_encoding = RawEncoding(take_value<uint8_t>(bytes, at));
  record.source.index = take_value<int64_t>(bytes, at);
  record.raw_original_bytes = take_value<int64_t>(bytes, at);
  record.detail = take_text(bytes, at);
  record.source.file = take_text(bytes, at);
  record.source.entry = take_text(bytes, at);
  record.raw = take_text(bytes, at);
  ECOMFLOW_CHECK_EQ(at, bytes.size());
  position_ += sizeof(uint32_t) + size;
  return true;
}

}  // namespace ecomflow
