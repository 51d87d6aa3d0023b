#include "ingest/json_array_scanner.hpp"

#include <fmt/format.h>

#include <cstring>

#include "ingest/json_fields.hpp"

namespace ecomflow {

namespace {

/// Deeper nesting is left to the DOM parser, which allows 1024 levels.
constexpr int kMaxDepth = 64;

bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Bytes that may follow a number or literal inside an array or object. The
/// DOM parser accepts a few more (and then fails on the grammar); the
/// scanner leaves those to it rather than copy its table.
bool ends_scalar(char c) { return c == ',' || c == '}' || c == ']' || is_json_space(c); }

/// Whether `text[0, length)` holds a backslash. Reads whole words past the
/// end, which the input's padding allows.
bool has_backslash(const char* text, size_t length) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  for (size_t start = 0; start < length; start += 8) {
    uint64_t word;
    std::memcpy(&word, text + start, 8);
    const uint64_t backslashes = word ^ (kOnes * '\\');
    // High bit set in each byte that was a backslash (and maybe in bytes above one that was).
    uint64_t found = (backslashes - kOnes) & ~backslashes & kHighs;
    if (length - start < 8) found &= (uint64_t(1) << (8 * (length - start))) - 1;  // little-endian
    if (found) return true;
  }
  return false;
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
  if (char_at(position_) == '}') {
    ++position_;
    return true;
  }
  uint32_t seen = 0;
  while (true) {
    std::string_view key;
    if (!read_key(key)) return false;
    const ContractField field = contract_field(key);
    const uint32_t bit = 1u << uint32_t(field);
    bool good;
    // The first occurrence of a duplicated key wins.
    if (field == ContractField::kOther || (seen & bit)) {
      good = skip_value(2);
    } else {
      seen |= bit;
      good = field == ContractField::kQuantity ? decode_quantity(record)
                                               : decode_string_field(contract_string_field(record, field));
    }
    if (!good) return false;
    const char next = char_at(position_++);
    if (next == '}') return true;
    if (next != ',') return malformed(position_ - 1, "expected ',' or '}' after an object member");
  }
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
  // Stage 1 checked UTF-8 and that the string is closed, and indexed no
  // byte of it; only whitespace lies between its closing quote and the next
  // structural.
  const uint32_t start = offsets_[index] + 1;
  uint32_t end = offset_at(index + 1);
  while (end > start && is_json_space(text_[end - 1])) --end;
  if (end <= start || text_[end - 1] != '"') return undecided();
  const char* begin = text_ + start;
  const size_t length = end - 1 - start;
  if (!has_backslash(begin, length)) {
    value = std::string_view(begin, length);
    return true;
  }
  // simdjson's own unescaping, so that escapes are judged exactly as stage 2 judges them.
  uint8_t* target = scratch_.get() + start;
  const uint8_t* target_end = stage1_->parse_string(reinterpret_cast<const uint8_t*>(begin), target);
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
