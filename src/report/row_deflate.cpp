#include "report/row_deflate.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "core/error.hpp"

namespace ecomflow {
namespace {

/// Bits as they go into the stream (first bit in bit 0) and how many.
struct Code {
  uint32_t bits = 0;
  uint32_t count = 0;
};

constexpr size_t kMinMatch = 3;
constexpr size_t kMaxMatch = 258;
constexpr size_t kWindow = 32768;
constexpr uint32_t kEndOfBlock = 256;

/// Huffman codes are sent most significant bit first.
constexpr uint32_t reversed(uint32_t code, uint32_t count) {
  uint32_t result = 0;
  for (uint32_t i = 0; i < count; ++i) result |= ((code >> i) & 1) << (count - 1 - i);
  return result;
}

/// The fixed Huffman code of a literal/length symbol (RFC 1951, 3.2.6).
constexpr Code fixed_symbol(uint32_t symbol) {
  if (symbol < 144) return {reversed(0x30 + symbol, 8), 8};
  if (symbol < 256) return {reversed(0x190 + symbol - 144, 9), 9};
  if (symbol < 280) return {reversed(symbol - 256, 7), 7};
  return {reversed(0xC0 + symbol - 280, 8), 8};
}

constexpr std::array<uint16_t, 29> kLengthBase = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                                  15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                                  67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<uint8_t, 29> kLengthExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<uint16_t, 30> kDistanceBase = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<uint8_t, 30> kDistanceExtra = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                                    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/// Every literal's and every match length's code, extra bits included.
struct FixedCodes {
  std::array<Code, 256> literal;
  std::array<Code, kMaxMatch + 1> length;

  constexpr FixedCodes() {
    for (uint32_t value = 0; value < 256; ++value) literal[value] = fixed_symbol(value);
    for (uint32_t length_value = kMinMatch; length_value <= kMaxMatch; ++length_value) {
      size_t index = kLengthBase.size() - 1;
      while (kLengthBase[index] > length_value) --index;
      const Code symbol = fixed_symbol(257 + uint32_t(index));
      length[length_value] = {symbol.bits | (length_value - kLengthBase[index]) << symbol.count,
                              symbol.count + kLengthExtra[index]};
    }
  }
};
constexpr FixedCodes kFixedCodes;

/// A distance's fixed 5-bit code and its extra bits.
Code distance_code(size_t distance) {
  size_t index = kDistanceBase.size() - 1;
  while (kDistanceBase[index] > distance) --index;
  return {reversed(uint32_t(index), 5) | uint32_t(distance - kDistanceBase[index]) << 5,
          5 + uint32_t(kDistanceExtra[index])};
}

/// Appends bits first to last, whole bytes at a time.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  void put(Code code) {
    pending_ |= uint64_t(code.bits) << pending_count_;
    pending_count_ += code.count;
    if (pending_count_ >= 32) {
      const uint32_t word = uint32_t(pending_);  // little-endian, as the stream's bytes
      char bytes[4];
      std::memcpy(bytes, &word, 4);
      out_.append(bytes, 4);
      pending_ >>= 32;
      pending_count_ -= 32;
    }
  }
  /// Pads the last byte with zero bits.
  void flush() {
    for (; pending_count_ > 0; pending_count_ -= std::min<uint32_t>(pending_count_, 8)) {
      out_.push_back(char(pending_ & 0xFF));
      pending_ >>= 8;
    }
  }

 private:
  std::string& out_;
  uint64_t pending_ = 0;
  uint32_t pending_count_ = 0;
};

/// How many bytes from `a` on equal those from `b` on, up to `limit`.
size_t common_length(const unsigned char* a, const unsigned char* b, size_t limit) {
  size_t length = 0;
  for (; length + 8 <= limit; length += 8) {
    uint64_t x, y;
    std::memcpy(&x, a + length, 8);
    std::memcpy(&y, b + length, 8);
    if (x != y) return length + size_t(__builtin_ctzll(x ^ y) >> 3);
  }
  while (length < limit && a[length] == b[length]) ++length;
  return length;
}

}  // namespace

std::string zlib_compress_rows(std::span<const unsigned char> data, size_t row_bytes, size_t pixel_bytes) {
  ECOMFLOW_CHECK(pixel_bytes >= 1 && pixel_bytes <= row_bytes && pixel_bytes <= kWindow);
  // The row above is out of reach for rows wider than the window.
  const size_t row_distance = row_bytes <= kWindow ? row_bytes : 0;
  const Code pixel_code = distance_code(pixel_bytes);
  const Code row_code = row_distance != 0 ? distance_code(row_distance) : Code{};

  std::string out;
  out.reserve(data.size() / 8 + 64);
  out += char(0x78);  // deflate, 32 KiB window
  out += char(0x01);  // fastest compression, no dictionary; (0x7801 % 31 == 0)
  BitWriter writer(out);
  writer.put({0b011, 3});  // the final block, with fixed codes
  const unsigned char* bytes = data.data();
  for (size_t at = 0; at < data.size();) {
    const size_t limit = std::min(kMaxMatch, data.size() - at);
    size_t length = 0;
    const Code* distance = nullptr;
    // The previous pixel first: its code is shorter, so it wins a tie.
    if (at >= pixel_bytes) {
      const size_t found = common_length(bytes + at, bytes + at - pixel_bytes, limit);
      if (found >= kMinMatch) {
        length = found;
        distance = &pixel_code;
      }
    }
    if (row_distance != 0 && at >= row_distance && length < limit) {
      const size_t found = common_length(bytes + at, bytes + at - row_distance, limit);
      if (found >= kMinMatch && found > length) {
        length = found;
        distance = &row_code;
      }
    }
    if (distance != nullptr) {
      writer.put(kFixedCodes.length[length]);
      writer.put(*distance);
      at += length;
    } else {
      writer.put(kFixedCodes.literal[bytes[at]]);
      ++at;
    }
  }
  writer.put(fixed_symbol(kEndOfBlock));
  writer.flush();
  const uint32_t adler = uint32_t(libdeflate_adler32(1, data.data(), data.size()));
  for (int shift = 24; shift >= 0; shift -= 8) out += char(adler >> shift);
  return out;
}

}  // namespace ecomflow
