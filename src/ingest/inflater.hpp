#pragma once
/// Whole-buffer DEFLATE and gzip decompression with libdeflate, and gzip in
/// pieces with zlib for files too large to hold whole.

#include <algorithm>
#include <cstdint>
#include <memory>
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
  /// NDJSON and CSV entries and `.gz` files that inflate past this are
  /// inflated and decoded in pieces of about this size, cut at line ends, so
  /// their memory does not grow with their size (JSON arrays stay whole).
  uint64_t piece_bytes = uint64_t{16} << 20;

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
  /// `past_limit`, when given, is set when it failed only for producing more than `max_bytes`.
  std::string gunzip(std::string_view compressed, ByteBuffer& out, uint64_t max_bytes = kMaxInflatedBytes,
                     bool* past_limit = nullptr);

 private:
  libdeflate_decompressor* decompressor_;
};

/// A gzip file (all members) decompressed a chunk at a time with zlib, for
/// files too large to hold whole. Checks each member's CRC-32 and size.
class GzipStream {
 public:
  explicit GzipStream(std::string_view compressed);
  ~GzipStream();
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  /// Writes up to `capacity` bytes to `out` and returns how many; 0 at the
  /// end or on an error (then error() says why).
  size_t read(char* out, size_t capacity);
  const std::string& error() const { return error_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string error_;
};

/// CRC-32 of `bytes` continuing `crc` (0 to start), as stored in zip and gzip files.
uint32_t crc32_update(uint32_t crc, std::string_view bytes);

/// CRC-32 of `bytes` as stored in zip and gzip files.
uint32_t crc32_of(std::string_view bytes);

}  // namespace ecomflow
