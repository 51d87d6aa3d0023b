#pragma once
/// Whole-buffer DEFLATE and gzip decompression with libdeflate.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/byte_buffer.hpp"

struct libdeflate_decompressor;

namespace ecomflow {

/// Largest file or entry ecomflow inflates (simdjson parses documents up to 4 GiB).
constexpr uint64_t kMaxInflatedBytes = uint64_t{4} << 30;

/// How far one top-level input may inflate, against zip bombs: inflated
/// bytes are held in memory, so these bound a walk's memory too.
struct InflateLimits {
  /// Bytes inflated from one input, all entries and nesting levels together.
  uint64_t max_input_bytes = uint64_t{2} << 30;
  /// Largest inflated/compressed size ratio of one entry or gzip file (0 = no
  /// limit); entries that inflate to less than kRatioFreeBytes are exempt.
  uint64_t max_ratio = 100;
  /// Small entries may compress very well (a file of one repeated line).
  static constexpr uint64_t kRatioFreeBytes = uint64_t{1} << 20;

  /// The most `compressed_bytes` may inflate to under the ratio (the input's
  /// own limit aside).
  uint64_t ratio_cap(uint64_t compressed_bytes) const {
    if (max_ratio == 0) return kMaxInflatedBytes;
    return std::max(kRatioFreeBytes, std::min(kMaxInflatedBytes, compressed_bytes * max_ratio));
  }
};

/// One libdeflate decompressor (not thread-safe; one per walker).
class Inflater {
 public:
  Inflater();
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  /// Inflates a raw DEFLATE stream that must produce exactly `size` bytes into
  /// `out` and checks its CRC-32. Returns an empty string or why it failed.
  std::string inflate_exact(std::string_view compressed, uint64_t size, uint32_t crc32, ByteBuffer& out);

  /// Decompresses a gzip file (all members) into `out`, refusing to produce
  /// more than `max_bytes` (its trailer's size may lie). Returns an empty
  /// string or why it failed.
  std::string gunzip(std::string_view compressed, ByteBuffer& out, uint64_t max_bytes = kMaxInflatedBytes);

 private:
  libdeflate_decompressor* decompressor_;
};

/// CRC-32 of `bytes` as stored in zip and gzip files.
uint32_t crc32_of(std::string_view bytes);

}  // namespace ecomflow
