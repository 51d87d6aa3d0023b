#include "ingest/decoder.hpp"

#include "ingest/csv_decoder.hpp"
#include "ingest/json_array_decoder.hpp"
#include "ingest/ndjson_decoder.hpp"

namespace ecomflow {

namespace {

/// Editors on Windows start UTF-8 files with a byte order mark; no JSON or CSV reader expects it.
std::string_view without_byte_order_mark(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  return content;
}

}  // namespace

RecordDecoder::RecordDecoder()
    : ndjson_(std::make_unique<NdjsonDecoder>()),
      json_array_(std::make_unique<JsonArrayDecoder>(*ndjson_)),
      csv_(std::make_unique<CsvDecoder>()) {}

RecordDecoder::~RecordDecoder() = default;

DecodeResult RecordDecoder::decode(const InputFile& file, std::vector<RawRecord>& out) {
  // Only the start of the file may hold the mark: a piece after the first
  // begins mid-file, where the mark is a line's text (CSV pieces begin with
  // the carried header, the start of the file).
  const bool file_start = file.piece == 0 || file.carried_bytes > 0;
  const std::string_view content = file_start ? without_byte_order_mark(file.content) : file.content;
  // Bytes past `content` (the rest of the file's buffer, then the padding) are readable.
  const size_t readable = content.size() + kInputPadding;
  const size_t first = out.size();
  DecodeResult result;
  switch (file.format) {
    case InputFormat::kJsonArray:
      return json_array_->decode(content, readable, out);
    case InputFormat::kNdjson:
      result = ndjson_->decode(content, readable, out);
      break;
    case InputFormat::kCsv:
      result = csv_->decode(content, out);
      break;
  }
  // A piece of a larger file numbers its lines as the whole file does.
  if (file.line_offset != 0) {
    for (size_t i = first; i < out.size(); ++i) out[i].index += file.line_offset;
    for (MalformedRecord& bad : result.malformed_records) bad.index += file.line_offset;
  }
  return result;
}

std::string_view RecordDecoder::raw_text(const RawRecord& record) {
  return record.raw.empty() ? json_array_->element_text(record.index) : record.raw;
}

}  // namespace ecomflow
