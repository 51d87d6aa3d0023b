#include "ingest/ndjson_decoder.hpp"

#include <fmt/format.h>

#include <cstring>

#include "ingest/json_fields.hpp"

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

/// A key's text without unescaping when it has no backslash (almost always).
/// Returns false when it has escapes.
bool plain_key(const char* raw, std::string_view& key) {
  const char* end = raw;
  while (*end != '"' && *end != '\\') ++end;  // strings are closed: stage 1 checked
  key = std::string_view(raw, size_t(end - raw));
  return *end == '"';
}

/// Checks a scalar that is not kept. On-Demand only validates what it reads,
/// and a record must be valid JSON as a whole, as the DOM parser demands.
template <typename Value>
error_code validate_scalar(Value& value, ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::number:
      return value.get_double().error();
    case ondemand::json_type::boolean:
      return value.get_bool().error();
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return error;
      return is_null ? SUCCESS : simdjson::N_ATOM_ERROR;
    }
    case ondemand::json_type::string: {
      // Stage 1 checked UTF-8 and the closing quote; only escapes remain.
      const std::string_view token = value.raw_json_token();
      if (std::memchr(token.data(), '\\', token.size()) == nullptr) return SUCCESS;
      return value.get_string().error();
    }
    default:
      return SUCCESS;
  }
}

/// Checks any value, nested ones included; `depth` is the nesting level of
/// `value` (a record's own fields are at 2). On-Demand does not bound nesting
/// itself, and this recursion must not run out of stack on hostile input.
template <typename Value>
error_code validate_value(Value& value, int depth) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  if ((type == ondemand::json_type::object || type == ondemand::json_type::array) && depth > kMaxJsonDepth)
    return simdjson::DEPTH_ERROR;
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    if (auto error = value.get_object().get(object)) return error;
    for (auto member : object) {
      ondemand::field field;
      if (auto error = std::move(member).get(field)) return error;
      std::string_view key;
      if (!plain_key(field.key().raw(), key))
        if (auto error = field.unescaped_key().get(key)) return error;
      if (auto error = validate_value(field.value(), depth + 1)) return error;
    }
    return SUCCESS;
  }
  if (type == ondemand::json_type::array) {
    ondemand::array array;
    if (auto error = value.get_array().get(array)) return error;
    for (auto element : array) {
      ondemand::value item;
      if (auto error = element.get(item)) return error;
      if (auto error = validate_value(item, depth + 1)) return error;
    }
    return SUCCESS;
  }
  return validate_scalar(value, type);
}

/// Whether nothing but whitespace follows what has been read of `document`.
bool at_end(ondemand::document& document) {
  return document.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

}  // namespace

std::string json_error_detail(error_code error) {
  if (error == simdjson::DEPTH_ERROR)
    return fmt::format("objects and arrays nested deeper than {} levels", kMaxJsonDepth);
  return simdjson::error_message(error);
}

DecodeResult NdjsonDecoder::decode(std::string_view content, size_t readable, std::vector<RawRecord>& out) {
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
    if (const error_code error = decode_document(line, line_readable, record)) {
      out.pop_back();
      result.malformed_records.push_back({line_index, line, "not valid JSON: " + json_error_detail(error)});
    }
  }
  return result;
}

error_code NdjsonDecoder::decode_document(std::string_view text, size_t readable, RawRecord& record) {
  ondemand::document document;
  ondemand::json_type type;
  if (auto error =
          parser_.iterate(simdjson::padded_string_view(text.data(), text.size(), readable)).get(document))
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
      // A value that failed to open is not walked: after an error (an array
      // without its closing `]`) `array` is an empty shell, and beginning an
      // iteration over it is undefined behaviour in On-Demand.
      ondemand::array array;
      error = document.get_array().get(array);
      if (!error) {
        for (auto element : array) {
          ondemand::value item;
          if ((error = element.get(item)) || (error = validate_value(item, 2))) break;
        }
      }
    } else if (type == ondemand::json_type::string) {
      error = document.get_string().error();  // consumes it, so at_end() below is meaningful
    } else {
      error = validate_scalar(document, type);
    }
  }
  if (!error && !at_end(document)) error = simdjson::TRAILING_CONTENT;
  return error;
}

error_code NdjsonDecoder::decode_object(ondemand::object object, RawRecord& record) {
  uint32_t seen = 0;
  for (auto member : object) {
    ondemand::field field;
    if (auto error = std::move(member).get(field)) return error;
    std::string_view key;
    if (!plain_key(field.key().raw(), key)) {
      if (auto error = field.unescaped_key().get(key)) return error;
    }
    const ContractField which = contract_field(key);
    const uint32_t bit = 1u << uint32_t(which);
    // A repeated contract key makes the record duplicate_field in validation.
    if (which != ContractField::kOther && (seen & bit)) record.duplicate_field = true;
    if (which == ContractField::kOther || (seen & bit)) {
      if (auto error = validate_value(field.value(), 2)) return error;
      continue;
    }
    seen |= bit;
    const error_code error = which == ContractField::kQuantity
                                 ? decode_quantity(field.value(), record)
                                 : decode_string_field(field.value(), contract_string_field(record, which));
    if (error) return error;
  }
  return SUCCESS;
}

error_code NdjsonDecoder::decode_string_field(ondemand::value value, RawField& field) {
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
      return validate_value(value, 2);
  }
}

error_code NdjsonDecoder::decode_quantity(ondemand::value value, RawRecord& record) {
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
  record.quantity_state =
      type == ondemand::json_type::null ? QuantityState::kAbsent : QuantityState::kInvalid;
  return validate_value(value, 2);
}

}  // namespace ecomflow
