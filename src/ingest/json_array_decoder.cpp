#include "ingest/json_array_decoder.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ingest/json_fields.hpp"
#include "ingest/ndjson_decoder.hpp"

namespace ecomflow {

namespace dom = simdjson::dom;

// The DOM parser's own depth limit is the one the other JSON paths enforce.
static_assert(kMaxJsonDepth == simdjson::DEFAULT_MAX_DEPTH);

namespace {

void decode_string_field(dom::element value, RawField& field) {
  switch (value.type()) {
    case dom::element_type::STRING:
      field.state = FieldState::kString;
      field.value = value.get_string().value_unsafe();
      return;
    case dom::element_type::NULL_VALUE:
      field.state = FieldState::kNull;
      return;
    default:
      field.state = FieldState::kOther;
      return;
  }
}

void decode_quantity(dom::element value, RawRecord& record) {
  switch (value.type()) {
    case dom::element_type::INT64:
      record.quantity_state = QuantityState::kInteger;
      record.quantity = value.get_int64().value_unsafe();
      return;
    case dom::element_type::NULL_VALUE:
      record.quantity_state = QuantityState::kAbsent;
      return;
    // The parser keeps 2.0 and 1e2 as doubles and integers past int64 as uint64 or double.
    default:
      record.quantity_state = QuantityState::kInvalid;
      return;
  }
}

void decode_object(dom::object object, RawRecord& record) {
  uint32_t seen = 0;
  for (const dom::key_value_pair member : object) {
    const ContractField field = contract_field(member.key);
    const uint32_t bit = 1u << uint32_t(field);
    // A repeated contract key makes the record duplicate_field in validation.
    if (field != ContractField::kOther && (seen & bit)) record.duplicate_field = true;
    if (field == ContractField::kOther || (seen & bit)) continue;
    seen |= bit;
    if (field == ContractField::kQuantity)
      decode_quantity(member.value, record);
    else
      decode_string_field(member.value, contract_string_field(record, field));
  }
}

bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

DecodeResult malformed_file(std::string message) {
  DecodeResult result;
  result.file_malformed = true;
  result.message = std::move(message);
  return result;
}

}  // namespace

DecodeResult JsonArrayDecoder::decode(std::string_view content, size_t readable,
                                      std::vector<RawRecord>& out) {
  // Sized as the DOM parser sizes itself; a file too large for it is its to refuse.
  const size_t capacity = std::max(content.size(), dom::MINIMAL_DOCUMENT_CAPACITY);
  if (parser_.capacity() < capacity && (capacity > parser_.max_capacity() ||
                                        parser_.allocate(capacity, parser_.max_depth()) != simdjson::SUCCESS))
    return decode_with_dom(content, readable, out);
  last_path_ = Path::kScanner;
  // The content is followed by kInputPadding readable bytes: index it in place.
  const auto error = parser_.implementation->stage1(reinterpret_cast<const uint8_t*>(content.data()),
                                                    content.size(), simdjson::stage1_mode::regular);
  if (error) return malformed_file(fmt::format("not valid JSON: {}", simdjson::error_message(error)));
  ScanResult scan = scanner_.scan(content, *parser_.implementation, out);
  switch (scan.verdict) {
    case ScanVerdict::kDecoded:
      content_ = content;
      element_texts_ready_ = false;
      return {};
    case ScanVerdict::kMalformed:
      return malformed_file(std::move(scan.message));
    case ScanVerdict::kUndecided:
      break;
  }
  return decode_with_dom(content, readable, out);
}

DecodeResult JsonArrayDecoder::decode_with_dom(std::string_view content, size_t readable,
                                               std::vector<RawRecord>& out) {
  last_path_ = Path::kDom;
  dom::element root;
  dom::array array;
  // The content is followed by kInputPadding readable bytes: parse in place.
  const auto error = parser_.parse(content.data(), content.size(), false).get(root);
  // simdjson 3.0's DOM rejects integers past 64 bits; On-Demand reads them.
  if (error == simdjson::NUMBER_ERROR) return decode_elements_one_by_one(content, readable, out);
  if (error) return malformed_file("not valid JSON: " + json_error_detail(error));
  if (root.get_array().get(array) != simdjson::SUCCESS)
    return malformed_file("the top level is not a JSON array");
  content_ = content;
  element_texts_ready_ = false;

  out.reserve(out.size() + array.size());
  int64_t index = 0;
  for (const dom::element element : array) {
    RawRecord& record = out.emplace_back();
    record.index = index;
    ++index;
    dom::object object;
    if (element.get_object().get(object) == simdjson::SUCCESS)
      decode_object(object, record);
    else
      record.is_object = false;
  }
  return {};
}

std::string_view JsonArrayDecoder::element_text(int64_t index) {
  if (!element_texts_ready_) {
    // The parser still holds this file's stage-1 indexes: decode() succeeded
    // on it, so its root array is well formed.
    ECOMFLOW_CHECK(find_element_texts(content_));
    element_texts_ready_ = true;
  }
  ECOMFLOW_CHECK_LT(size_t(index), element_texts_.size());
  return element_texts_[size_t(index)];
}

DecodeResult JsonArrayDecoder::decode_elements_one_by_one(std::string_view content, size_t readable,
                                                          std::vector<RawRecord>& out) {
  // Stage 1 completed, so the structural indexes are there even though stage 2 stopped.
  if (!find_element_texts(content))
    return malformed_file("not valid JSON: the root array is not well formed");
  content_ = content;
  element_texts_ready_ = true;
  fallback_.clear_scratch();
  const size_t first_record = out.size();
  for (size_t index = 0; index < element_texts_.size(); ++index) {
    const std::string_view text = element_texts_[index];
    RawRecord& record = out.emplace_back();
    record.index = int64_t(index);
    record.raw = text;
    const auto error =
        fallback_.decode_document(text, readable - size_t(text.data() - content.data()), record);
    if (error) {
      out.resize(first_record);  // a bad file contributes no record at all
      return malformed_file(fmt::format("not valid JSON (element {}): {}", index, json_error_detail(error)));
    }
  }
  return {};
}

bool JsonArrayDecoder::find_element_texts(std::string_view content) {
  // The DOM keeps no source positions, but stage 1 left the offset of every
  // structural character and scalar start; a depth count over them finds
  // each element of the root array without touching the bytes in between.
  // At depth 1 it also checks the array's own punctuation, which the
  // element-by-element fallback relies on.
  element_texts_.clear();
  const auto& stage1 = *parser_.implementation;
  const uint32_t* offsets = stage1.structural_indexes.get();
  const uint32_t count = stage1.n_structural_indexes;
  const char* text = content.data();
  enum class Expect { kValueOrEnd, kValue, kCommaOrEnd, kNothing };
  Expect expect = Expect::kNothing;
  int depth = 0;
  uint32_t element_start = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t offset = offsets[i];
    if (offset >= content.size()) break;  // stage 1's end sentinel
    const char c = text[offset];
    if (depth >= 2) {
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 1) element_texts_.emplace_back(text + element_start, offset + 1 - element_start);
      }
      continue;
    }
    if (depth == 0) {
      if (c != '[' || i != 0) return false;
      depth = 1;
      expect = Expect::kValueOrEnd;
      continue;
    }
    switch (c) {
      case ']':
        if (expect == Expect::kValue) return false;
        depth = 0;
        expect = Expect::kNothing;
        if (i + 1 < count && offsets[i + 1] < content.size()) return false;  // trailing content
        return true;
      case ',':
        if (expect != Expect::kCommaOrEnd) return false;
        expect = Expect::kValue;
        break;
      case '}':
      case ':':
        return false;
      default: {
        if (expect == Expect::kCommaOrEnd) return false;
        expect = Expect::kCommaOrEnd;
        if (c == '{' || c == '[') {
          element_start = offset;
          depth = 2;
          break;
        }
        // A scalar element ends where the next structural begins.
        uint32_t end = i + 1 < count ? std::min<uint32_t>(offsets[i + 1], uint32_t(content.size()))
                                     : uint32_t(content.size());
        while (end > offset && is_json_space(text[end - 1])) --end;
        element_texts_.emplace_back(text + offset, end - offset);
      }
    }
  }
  return false;  // the root array is never closed
}

}  // namespace ecomflow
