#pragma once
/// Whole-buffer DEFLATE and gzip decompression with libdeflate.

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/byte_buffer.hpp"

struct libdeflate_decompressor;

namespace ecomflow {

/// Largest file or entry ecomflow inflates (simdjson parses documents up to 4 GiB).
constexpr uint64_t kMaxInflatedBytes = uint64_t{4} << 30;

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

  /// Decompresses a gzip file (all members) into `out`. Returns an empty
  /// string or why it failed.
  std::string gunzip(std::string_view compressed, ByteBuffer& out);

 private:
  libdeflate_decompressor* decompressor_;
};

/// CRC-32 of `bytes` as stored in zip and gzip files.
uint32_t crc32_of(std::string_view bytes);

}  // namespace ecomflow
