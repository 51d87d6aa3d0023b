#include "ingest/json_array_scanner.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ingest/json_fields.hpp"

namespace ecomflow {

namespace {

/// The record slot of each contract string field, by ContractField.
constexpr RawField RawRecord::*kContractSlots[] = {&RawRecord::timestamp,  &RawRecord::customer_id,
                                                   &RawRecord::event_type, &RawRecord::product_id,
                                                   &RawRecord::event_id,   &RawRecord::session_id};

/// Deeper nesting is left to the DOM parser, which allows 1024 levels.
constexpr int kMaxDepth = 64;

bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Bytes that may follow a number or literal inside an array or object. The
/// DOM parser accepts a few more (and then fails on the grammar); the
/// scanner leaves those to it rather than copy its table.
bool ends_scalar(char c) { return c == ',' || c == '}' || c == ']' || is_json_space(c); }

/// The length of the string whose text starts at `text` when it has no
/// escape (the common case), or npos. The string is closed (stage 1 checked),
/// and its closing quote is the first quote when no backslash comes before it.
/// Reads whole blocks past the quote, which the input's padding allows.
[[gnu::always_inline]] inline size_t plain_string_length(const char* text) {
  for (size_t start = 0;; start += 32) {
    uint32_t quotes, backslashes;
#if defined(__SSE2__)
    const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + start));
    const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + start + 16));
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    quotes = uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(low, quote))) |
             uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(high, quote))) << 16;
    backslashes = uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(low, backslash))) |
                  uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(high, backslash))) << 16;
#else
    quotes = backslashes = 0;
    for (uint32_t i = 0; i < 32; ++i) {
      quotes |= uint32_t(text[start + i] == '"') << i;
      backslashes |= uint32_t(text[start + i] == '\\') << i;
    }
#endif
    if (const uint32_t either = quotes | backslashes) {
      const int first = std::countr_zero(either);
      return (quotes >> first) & 1 ? start + size_t(first) : std::string_view::npos;
    }
  }
}

}  // namespace

ScanResult JsonArrayScanner::scan(std::string_view content,
                                  const simdjson::internal::dom_parser_implementation& stage1,
                                  std::vector<RawRecord>& out) {
  text_ = content.data();
  size_ = content.size();
  offsets_ = stage1.structural_indexes.get();
  count_ = stage1.n_structural_indexes;
  stage1_ = &stage1;
  position_ = 0;
  result_ = {};
  // The DOM parser tells what else the top level is (and its message says so).
  if (count_ == 0 || text_[offsets_[0]] != '[') {
    undecided();
    return std::move(result_);
  }
  // Stage 2 refuses an unclosed root before looking at anything else.
  if (text_[offsets_[count_ - 1]] != ']') {
    malformed(count_ - 1, "the root array is not closed");
    return std::move(result_);
  }
  if (scratch_size_ < size_ + simdjson::SIMDJSON_PADDING) {
    scratch_size_ = size_ + size_ / 2 + simdjson::SIMDJSON_PADDING;
    scratch_ = std::make_unique_for_overwrite<uint8_t[]>(scratch_size_);
  }
  // Without a backslash anywhere, every string ends at the last quote before
  // the next structural, and there is nothing to unescape.
  has_backslash_ = std::memchr(text_, '\\', size_) != nullptr;
  const size_t first_record = out.size();
  if (!scan_root(out)) {
    out.resize(first_record);  // all of a file or none of it
    return std::move(result_);
  }
  return {};
}

bool JsonArrayScanner::scan_root(std::vector<RawRecord>& out) {
  position_ = 1;
  if (char_at(position_) == ']') {
    ++position_;
  } else {
    for (int64_t index = 0;; ++index) {
      RawRecord& record = out.emplace_back();
      record.index = index;
      if (char_at(position_) == '{') {
        ++position_;
        if (!decode_record(record)) return false;
      } else {
        record.is_object = false;
        if (!skip_value(1)) return false;
      }
      const char next = char_at(position_++);
      if (next == ']') break;
      if (next != ',') return malformed(position_ - 1, "expected ',' or ']' after an array element");
    }
  }
  if (position_ != count_) return malformed(position_, "content after the root array");
  return true;
}

bool JsonArrayScanner::decode_record(RawRecord& record) {
  // The hot loop. Strings (most values) are read here with the cursor in
  // locals, since stores into the record could otherwise alias the members.
  const char* const text = text_;
  const uint32_t* const offsets = offsets_;
  const uint32_t count = count_;
  const auto char_at = [&](uint32_t index) { return index < count ? text[offsets[index]] : '\0'; };
  uint32_t position = position_;
  if (char_at(position) == '}') {
    position_ = position + 1;
    return true;
  }
  uint32_t seen = 0;
  while (true) {
    // Most members are "key": "value" in a file without backslashes: both
    // strings end at the last quote before the next structural.
    if (!has_backslash_ && position + 3 < count) {
      const uint32_t key_offset = offsets[position];
      const uint32_t colon_offset = offsets[position + 1];
      const uint32_t value_offset = offsets[position + 2];
      const uint32_t next_offset = offsets[position + 3];
      uint32_t value_end = next_offset - 1;
      while (is_json_space(text[value_end])) --value_end;
      const char next = text[next_offset];
      if (text[key_offset] == '"' && text[colon_offset] == ':' && text[colon_offset - 1] == '"' &&
          colon_offset > key_offset + 1 && text[value_offset] == '"' && text[value_end] == '"' &&
          value_end > value_offset && (next == ',' || next == '}')) {
        const ContractField field =
            contract_field(std::string_view(text + key_offset + 1, colon_offset - key_offset - 2));
        const uint32_t bit = 1u << uint32_t(field);
        if (field != ContractField::kOther && (seen & bit)) record.duplicate_field = true;
        if (field != ContractField::kOther && field != ContractField::kQuantity && !(seen & bit)) {
          seen |= bit;
          RawField& slot = record.*kContractSlots[size_t(field)];
          slot.state = FieldState::kString;
          slot.value = std::string_view(text + value_offset + 1, value_end - value_offset - 1);
        } else if (field == ContractField::kQuantity && !(seen & bit)) {
          seen |= bit;
          record.quantity_state = QuantityState::kInvalid;
        }
        position += 4;
        if (next == '}') break;
        continue;
      }
    }
    if (char_at(position) != '"') return malformed(position, "expected a string key");
    std::string_view key;
    if (!read_string(position, key)) return false;
    if (char_at(position + 1) != ':') return malformed(position + 1, "expected ':' after a key");
    position += 2;
    const ContractField field = contract_field(key);
    const uint32_t bit = 1u << uint32_t(field);
    // A repeated contract key makes the record duplicate_field in validation.
    if (field != ContractField::kOther && (seen & bit)) record.duplicate_field = true;
    const bool kept = field != ContractField::kOther && !(seen & bit);
    seen |= bit;
    if (char_at(position) == '"' && field != ContractField::kQuantity) {
      std::string_view value;
      if (!read_string(position, value)) return false;
      ++position;
      if (kept) {
        RawField& slot = record.*kContractSlots[size_t(field)];
        slot.state = FieldState::kString;
        slot.value = value;
      }
    } else {
      position_ = position;
      bool good;
      if (!kept)
        good = skip_value(2);
      else if (field == ContractField::kQuantity)
        good = decode_quantity(record);
      else
        good = decode_string_field(contract_string_field(record, field));
      if (!good) return false;
      position = position_;
    }
    const char next = char_at(position++);
    if (next == '}') break;
    if (next != ',') return malformed(position - 1, "expected ',' or '}' after an object member");
  }
  position_ = position;
  return true;
}

bool JsonArrayScanner::decode_string_field(RawField& field) {
  const char c = char_at(position_);
  if (c == '"') {
    field.state = FieldState::kString;
    return read_string(position_++, field.value);
  }
  field.state = c == 'n' ? FieldState::kNull : FieldState::kOther;
  return skip_value(2);  // a bad null is still an error
}

bool JsonArrayScanner::decode_quantity(RawRecord& record) {
  const char c = char_at(position_);
  if (c == '-' || is_digit(c)) {
    bool is_integer = false;
    if (!read_number(offset_at(position_++), is_integer, record.quantity)) return false;
    // The DOM parser keeps 2.0 and 1e2 as doubles.
    record.quantity_state = is_integer ? QuantityState::kInteger : QuantityState::kInvalid;
    if (!is_integer) record.quantity = 0;
    return true;
  }
  record.quantity_state = c == 'n' ? QuantityState::kAbsent : QuantityState::kInvalid;
  return skip_value(2);
}

bool JsonArrayScanner::read_key(std::string_view& key) {
  if (char_at(position_) != '"') return malformed(position_, "expected a string key");
  if (!read_string(position_++, key)) return false;
  if (char_at(position_) != ':') return malformed(position_, "expected ':' after a key");
  ++position_;
  return true;
}

bool JsonArrayScanner::read_string(uint32_t index, std::string_view& value) {
  // Stage 1 checked UTF-8 and that the string is closed.
  const uint32_t start = offsets_[index] + 1;
  const char* begin = text_ + start;
  if (!has_backslash_) [[likely]] {
    // Stage 1 indexed no byte of the string, and anything but whitespace
    // after its closing quote would be a structural of its own.
    uint32_t end = offset_at(index + 1);
    while (end > start && is_json_space(text_[end - 1])) --end;
    if (end <= start || text_[end - 1] != '"') return undecided();
    value = std::string_view(begin, end - 1 - start);
    return true;
  }
  if (const size_t length = plain_string_length(begin); length != std::string_view::npos) [[likely]] {
    value = std::string_view(begin, length);
    return true;
  }
  return read_escaped_string(index, value);
}

bool JsonArrayScanner::read_escaped_string(uint32_t index, std::string_view& value) {
  // simdjson's own unescaping, so that escapes are judged exactly as stage 2 judges them.
  const uint32_t start = offsets_[index] + 1;
  uint8_t* target = scratch_.get() + start;
  const uint8_t* target_end = stage1_->parse_string(reinterpret_cast<const uint8_t*>(text_ + start), target);
  if (target_end == nullptr) return malformed(index, "invalid escape in a string");
  value = std::string_view(reinterpret_cast<const char*>(target), size_t(target_end - target));
  return true;
}

bool JsonArrayScanner::skip_value(int depth) {
  const uint32_t index = position_++;
  switch (char_at(index)) {
    case '"': {
      std::string_view ignored;
      return read_string(index, ignored);
    }
    case 't':
      return check_literal(index, "true");
    case 'f':
      return check_literal(index, "false");
    case 'n':
      return check_literal(index, "null");
    case '{':
      return skip_object(depth + 1);
    case '[':
      return skip_array(depth + 1);
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': {
      bool is_integer;
      int64_t integer;
      return read_number(offsets_[index], is_integer, integer);
    }
    default:
      return malformed(index, index < count_ ? "expected a value" : "unexpected end of the input");
  }
}

bool JsonArrayScanner::skip_object(int depth) {
  if (char_at(position_) == '}') {
    ++position_;
    return true;
  }
  if (depth > kMaxDepth) return undecided();
  while (true) {
    std::string_view key;
    if (!read_key(key) || !skip_value(depth)) return false;
    const char next = char_at(position_++);
    if (next == '}') return true;
    if (next != ',') return malformed(position_ - 1, "expected ',' or '}' after an object member");
  }
}

bool JsonArrayScanner::skip_array(int depth) {
  if (char_at(position_) == ']') {
    ++position_;
    return true;
  }
  if (depth > kMaxDepth) return undecided();
  while (true) {
    if (!skip_value(depth)) return false;
    const char next = char_at(position_++);
    if (next == ']') return true;
    if (next != ',') return malformed(position_ - 1, "expected ',' or ']' after an array element");
  }
}

bool JsonArrayScanner::check_literal(uint32_t index, std::string_view word) {
  // The bytes are readable even past the end of the input (its padding), and
  // a literal that matches is followed by a structural: the root's ']' at least.
  const char* literal = text_ + offsets_[index];
  if (std::memcmp(literal, word.data(), word.size()) != 0) return malformed(index, "invalid literal");
  return ends_scalar(literal[word.size()]) || undecided();
}

bool JsonArrayScanner::read_number(uint32_t offset, bool& is_integer, int64_t& integer) {
  // Only numbers simdjson parses without a doubt are taken here: its verdict
  // on the others (a refused one sends the file to the fallback decoder) is
  // the DOM parser's to give.
  const char* p = text_ + offset;
  const bool negative = *p == '-';
  p += negative;
  const char* digits = p;
  uint64_t magnitude = 0;
  while (is_digit(*p)) magnitude = magnitude * 10 + uint64_t(*p++ - '0');
  const size_t digit_count = size_t(p - digits);
  if (digit_count == 0 || digit_count > 18 || (*digits == '0' && digit_count > 1)) return undecided();
  is_integer = true;
  if (*p == '.') {
    const char* fraction = ++p;
    while (is_digit(*p)) ++p;
    if (p == fraction) return undecided();
    is_integer = false;
  }
  if (*p == 'e' || *p == 'E') {
    ++p;
    const bool negative_exponent = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    const char* exponent_digits = p;
    int exponent = 0;
    while (is_digit(*p) && p - exponent_digits < 4) exponent = exponent * 10 + (*p++ - '0');
    // At most 18 integer digits times 10^280 stays far below the largest double.
    if (p == exponent_digits || is_digit(*p) || (!negative_exponent && exponent > 280)) return undecided();
    is_integer = false;
  }
  if (!ends_scalar(*p)) return undecided();
  integer = negative ? -int64_t(magnitude) : int64_t(magnitude);
  return true;
}

bool JsonArrayScanner::malformed(uint32_t index, std::string_view reason) {
  result_.verdict = ScanVerdict::kMalformed;
  result_.message = fmt::format("not valid JSON: {} at byte {}", reason, offset_at(index));
  return false;
}

bool JsonArrayScanner::undecided() {
  result_.verdict = ScanVerdict::kUndecided;
  return false;
}

}  // namespace ecomflow
