#include "ingest/json_decoder.hpp"

#include <fmt/format.h>

#include <cstring>

namespace ecomflow {

namespace ondemand = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && is_json_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_json_space(text.front())) text.remove_prefix(1);
  return trim_right(text);
}

/// The contract fields, in the order of the bits that mark them seen.
enum class Field : uint8_t { kTimestamp, kCustomerId, kEventType, kProductId, kEventId, kSessionId, kQuantity, kOther };

Field field_of(std::string_view key) {
  switch (key.size()) {
    case 8:
      if (key == "quantity") return Field::kQuantity;
      if (key == "event_id") return Field::kEventId;
      break;
    case 9:
      if (key == "timestamp") return Field::kTimestamp;
      break;
    case 10:
      if (key == "event_type") return Field::kEventType;
      if (key == "product_id") return Field::kProductId;
      if (key == "session_id") return Field::kSessionId;
      break;
    case 11:
      if (key == "customer_id") return Field::kCustomerId;
      break;
  }
  return Field::kOther;
}

RawField* string_field(RawRecord& record, Field field) {
  switch (field) {
    case Field::kTimestamp: return &record.timestamp;
    case Field::kCustomerId: return &record.customer_id;
    case Field::kEventType: return &record.event_type;
    case Field::kProductId: return &record.product_id;
    case Field::kEventId: return &record.event_id;
    case Field::kSessionId: return &record.session_id;
    default: return nullptr;
  }
}

/// A key's text without unescaping when it has no backslash (almost always).
/// Returns false when it has escapes.
bool plain_key(const char* raw, std::string_view& key) {
  const char* end = raw;
  while (*end != '"' && *end != '\\') ++end;  // strings are closed: stage 1 checked
  key = std::string_view(raw, size_t(end - raw));
  return *end == '"';
}

/// Checks a scalar that is not kept (On-Demand only validates what it reads).
template <typename Value>
error_code validate_scalar(Value& value, ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::number: return value.get_double().error();
    case ondemand::json_type::boolean: return value.get_bool().error();
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return error;
      return is_null ? SUCCESS : simdjson::N_ATOM_ERROR;
    }
    case ondemand::json_type::string: return value.get_string().error();
    default: return SUCCESS;
  }
}

/// Whether nothing but whitespace follows what has been read of `document`.
bool at_end(ondemand::document& document) {
  return document.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

DecodeResult malformed_file(std::string message) {
  DecodeResult result;
  result.file_malformed = true;
  result.message = std::move(message);
  return result;
}

}  // namespace

DecodeResult JsonDecoder::decode_array(std::string_view content, size_t readable, std::vector<RawRecord>& out) {
  arena_.clear();
  const size_t first_record = out.size();
  ondemand::document document;
  ondemand::json_type type;
  error_code error = parser_.iterate(simdjson::padded_string_view(content.data(), content.size(), readable))
                         .get(document);
  if (!error) error = document.type().get(type);
  if (error) return malformed_file(fmt::format("not valid JSON: {}", simdjson::error_message(error)));
  if (type != ondemand::json_type::array) return malformed_file("the top level is not a JSON array");

  ondemand::array array;
  error = document.get_array().get(array);
  int64_t index = 0;
  for (auto element : array) {
    ondemand::value value;
    if ((error = element.get(value))) break;
    RawRecord& record = out.emplace_back();
    record.index = index++;
    if ((error = decode_element(document, value, record))) break;
  }
  if (!error && !at_end(document)) error = simdjson::TRAILING_CONTENT;
  if (error) {
    out.resize(first_record);  // a bad file contributes no record at all
    return malformed_file(fmt::format("not valid JSON (element {}): {}", index, simdjson::error_message(error)));
  }
  return {};
}

error_code JsonDecoder::decode_element(ondemand::document& document, ondemand::value element, RawRecord& record) {
  const std::string_view token = element.raw_json_token();
  ondemand::json_type type;
  if (auto error = element.type().get(type)) return error;
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    if (auto error = element.get_object().get(object)) return error;
    if (auto error = decode_object(object, record)) return error;
    // After the object the iterator stands on the `,` or `]` that follows it.
    const char* next = nullptr;
    if (auto error = document.current_location().get(next)) return error;
    record.raw = trim_right(std::string_view(token.data(), size_t(next - token.data())));
    return SUCCESS;
  }
  record.is_object = false;
  if (type == ondemand::json_type::array) {
    ondemand::array array;
    std::string_view raw;
    if (auto error = element.get_array().get(array)) return error;
    if (auto error = array.raw_json().get(raw)) return error;
    record.raw = trim_right(raw);
    return SUCCESS;
  }
  record.raw = trim_right(token);
  return validate_scalar(element, type);
}

DecodeResult JsonDecoder::decode_lines(std::string_view content, size_t readable, std::vector<RawRecord>& out) {
  arena_.clear();
  DecodeResult result;
  int64_t line_index = 0;
  for (size_t start = 0; start < content.size(); ++line_index) {
    const void* newline = std::memchr(content.data() + start, '\n', content.size() - start);
    const size_t end = newline ? size_t(static_cast<const char*>(newline) - content.data()) : content.size();
    const std::string_view line = trim(content.substr(start, end - start));
    const size_t line_readable = readable - size_t(line.data() - content.data());
    start = end + 1;
    if (line.empty()) continue;

    RawRecord& record = out.emplace_back();
    record.index = line_index;
    record.raw = line;
    if (const error_code error = decode_line(line, line_readable, record)) {
      out.pop_back();
      result.malformed_records.push_back(
          {line_index, line, fmt::format("not valid JSON: {}", simdjson::error_message(error))});
    }
  }
  return result;
}

error_code JsonDecoder::decode_line(std::string_view line, size_t readable, RawRecord& record) {
  ondemand::document document;
  ondemand::json_type type;
  if (auto error = parser_.iterate(simdjson::padded_string_view(line.data(), line.size(), readable)).get(document))
    return error;
  if (auto error = document.type().get(type)) return error;
  error_code error = SUCCESS;
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    error = document.get_object().get(object);
    if (!error) error = decode_object(object, record);
  } else {
    record.is_object = false;
    if (type == ondemand::json_type::array) {
      ondemand::array array;
      error = document.get_array().get(array);
      if (!error) error = array.raw_json().error();
    } else {
      error = validate_scalar(document, type);
    }
  }
  if (!error && !at_end(document)) error = simdjson::TRAILING_CONTENT;
  return error;
}

error_code JsonDecoder::decode_object(ondemand::object object, RawRecord& record) {
  uint32_t seen = 0;
  for (auto member : object) {
    ondemand::field field;
    if (auto error = std::move(member).get(field)) return error;
    std::string_view key;
    if (!plain_key(field.key().raw(), key)) {
      if (auto error = field.unescaped_key().get(key)) return error;
    }
    const Field which = field_of(key);
    const uint32_t bit = 1u << uint32_t(which);
    // The first occurrence of a duplicated key wins.
    if (which == Field::kOther || (seen & bit)) continue;
    seen |= bit;
    const error_code error = which == Field::kQuantity
                                 ? decode_quantity(field.value(), record)
                                 : decode_string_field(field.value(), *string_field(record, which));
    if (error) return error;
  }
  return SUCCESS;
}

error_code JsonDecoder::decode_string_field(ondemand::value value, RawField& field) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::string: {
      const std::string_view token = trim_right(value.raw_json_token());
      const std::string_view text = token.substr(1, token.size() - 2);
      field.state = FieldState::kString;
      if (std::memchr(text.data(), '\\', text.size()) == nullptr) {
        field.value = text;  // no escapes: the input bytes are the value
        return SUCCESS;
      }
      std::string_view unescaped;
      if (auto error = value.get_string().get(unescaped)) return error;
      field.value = arena_.copy(unescaped);
      return SUCCESS;
    }
    case ondemand::json_type::null:
      field.state = FieldState::kNull;
      return validate_scalar(value, type);
    default:
      field.state = FieldState::kOther;
      return validate_scalar(value, type);
  }
}

error_code JsonDecoder::decode_quantity(ondemand::value value, RawRecord& record) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  if (type == ondemand::json_type::number) {
    int64_t quantity = 0;
    // get_int64 refuses fractions, exponents and values outside int64 without
    // consuming the number, so it can be checked as a double afterwards.
    if (value.get_int64().get(quantity) == SUCCESS) {
      record.quantity_state = QuantityState::kInteger;
      record.quantity = quantity;
      return SUCCESS;
    }
    record.quantity_state = QuantityState::kInvalid;
    return value.get_double().error();
  }
  record.quantity_state = type == ondemand::json_type::null ? QuantityState::kAbsent : QuantityState::kInvalid;
  return validate_scalar(value, type);
}

}  // namespace ecomflow
