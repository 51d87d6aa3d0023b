#include "core/quarantine.hpp"

#include <array>
#include <cstring>

namespace ecomflow {

namespace {
constexpr std::string_view kReasonNames[kQuarantineReasonCount] = {
    "not_an_object",      "bad_timestamp", "missing_field",  "unknown_event_type",   "unknown_customer",
    "unknown_product",    "bad_quantity",  "malformed_json", "corrupt_archive",      "unsupported_entry",
    "duplicate_field",    "bad_header",    "bad_amount",     "items_total_mismatch", "bad_status",
    "bad_payment_method", "unknown_order", "malformed_row",  "missing_items_file"};
}

std::string_view quarantine_reason_name(QuarantineReason reason) { return kReasonNames[int(reason)]; }

std::optional<QuarantineReason> parse_quarantine_reason(std::string_view name) {
  for (int i = 0; i < kQuarantineReasonCount; ++i)
    if (kReasonNames[i] == name) return QuarantineReason(i);
  return std::nullopt;
}

size_t utf8_sequence_length(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return 1;
  // Lengths and first continuation ranges of RFC 3629 (no overlongs, no surrogates, ≤ U+10FFFF).
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  const auto second = static_cast<unsigned char>(text[i + 1]);
  if (second < low || second > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if (next < 0x80 || next > 0xBF) return 0;
  }
  return length;
}

bool is_storable_text(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    if (bytes[i] == 0) return false;
    const size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

void set_quarantine_raw(QuarantineRecord& record, std::string_view bytes, size_t max_bytes) {
  record.raw_original_bytes = -1;
  if (bytes.size() > max_bytes) {
    record.raw_original_bytes = int64_t(bytes.size());
    std::string_view kept = bytes.substr(0, max_bytes);
    // A cut inside a UTF-8 sequence would turn valid text into base64.
    if (!is_storable_text(kept)) {
      for (size_t drop = 1; drop <= 3 && drop < max_bytes; ++drop) {
        if (!is_storable_text(bytes.substr(0, max_bytes - drop))) continue;
        kept = bytes.substr(0, max_bytes - drop);
        break;
      }
    }
    bytes = kept;
  }
  if (is_storable_text(bytes)) {
    record.raw.assign(bytes);
    record.raw_encoding = RawEncoding::kText;
  } else {
    record.raw = base64_encode(bytes);
    record.raw_encoding = RawEncoding::kBase64;
  }
}

namespace {
constexpr char kBase64Digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Digit value by character, 64 for a character that is not a digit: a
/// lookup per character, since report checkpoints decode megabytes of it.
constexpr std::array<uint8_t, 256> kBase64Values = [] {
  std::array<uint8_t, 256> values{};
  values.fill(64);
  for (uint8_t digit = 0; digit < 64; ++digit) values[uint8_t(kBase64Digits[digit])] = digit;
  return values;
}();
}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = uint32_t(p[i]) << 16 | uint32_t(p[i + 1]) << 8 | p[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) text += kBase64Digits[(group >> shift) & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    const uint32_t group = uint32_t(p[i]) << 16 | (rest == 2 ? uint32_t(p[i + 1]) << 8 : 0);
    text += kBase64Digits[(group >> 18) & 63];
    text += kBase64Digits[(group >> 12) & 63];
    text += rest == 2 ? kBase64Digits[(group >> 6) & 63] : '=';
    text += '=';
  }
  return text;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t group = 0;
    int padding = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      uint32_t digit = 0;
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++padding;
      } else {
        digit = padding == 0 ? kBase64Values[uint8_t(c)] : 64;
        if (digit == 64) return std::nullopt;
      }
      group = group << 6 | digit;
    }
    bytes += char(group >> 16);
    if (padding < 2) bytes += char((group >> 8) & 0xFF);
    if (padding < 1) bytes += char(group & 0xFF);
  }
  return bytes;
}

}  // namespace ecomflow
