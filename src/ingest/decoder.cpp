#include "ingest/decoder.hpp"

#include "ingest/csv_decoder.hpp"
#include "ingest/json_decoder.hpp"

namespace ecomflow {

namespace {

/// Editors on Windows start UTF-8 files with a byte order mark; no JSON or CSV reader expects it.
std::string_view without_byte_order_mark(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  return content;
}

}  // namespace

RecordDecoder::RecordDecoder() : json_(std::make_unique<JsonDecoder>()), csv_(std::make_unique<CsvDecoder>()) {}

RecordDecoder::~RecordDecoder() = default;

DecodeResult RecordDecoder::decode(const InputFile& file, std::vector<RawRecord>& out) {
  const std::string_view content = without_byte_order_mark(file.content);
  // Bytes past `content` (the rest of the file's buffer, then the padding) are readable.
  const size_t readable = content.size() + kInputPadding;
  switch (file.format) {
    case InputFormat::kJsonArray: return json_->decode_array(content, readable, out);
    case InputFormat::kNdjson: return json_->decode_lines(content, readable, out);
    case InputFormat::kCsv: return csv_->decode(content, out);
  }
  return {};
}

}  // namespace ecomflow
