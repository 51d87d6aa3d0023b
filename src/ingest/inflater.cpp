#include "ingest/inflater.hpp"

#include <fmt/format.h>
#include <libdeflate.h>

#include <algorithm>
#include <new>

namespace ecomflow {

namespace {

constexpr size_t kGzipMinimumBytes = 18;

std::string_view result_name(libdeflate_result result) {
  switch (result) {
    case LIBDEFLATE_SUCCESS:
      return "success";
    case LIBDEFLATE_BAD_DATA:
      return "invalid deflate data";
    case LIBDEFLATE_SHORT_OUTPUT:
      return "stream shorter than its declared size";
    case LIBDEFLATE_INSUFFICIENT_SPACE:
      return "stream longer than its declared size";
  }
  return "unknown libdeflate error";
}

/// ISIZE, the size modulo 2^32 of a gzip member, from its last four bytes.
uint32_t gzip_trailer_size(std::string_view member) {
  const auto* tail = reinterpret_cast<const unsigned char*>(member.data() + member.size() - 4);
  return uint32_t(tail[0]) | uint32_t(tail[1]) << 8 | uint32_t(tail[2]) << 16 | uint32_t(tail[3]) << 24;
}

}  // namespace

Inflater::Inflater() : decompressor_(libdeflate_alloc_decompressor()) {
  if (!decompressor_) throw std::bad_alloc();
}

Inflater::~Inflater() { libdeflate_free_decompressor(decompressor_); }

std::string Inflater::inflate_exact(std::string_view compressed, uint64_t size, uint32_t crc32,
                                    ByteBuffer& out) {
  char* data = out.resize_discarding(size);
  // A null actual-size pointer makes libdeflate insist on exactly `size` bytes.
  const libdeflate_result result =
      libdeflate_deflate_decompress(decompressor_, compressed.data(), compressed.size(), data, size, nullptr);
  if (result != LIBDEFLATE_SUCCESS) return std::string(result_name(result));
  if (crc32_of(out.view()) != crc32) return "CRC-32 mismatch";
  return {};
}

std::string Inflater::gunzip(std::string_view compressed, ByteBuffer& out, uint64_t max_bytes) {
  if (compressed.size() < kGzipMinimumBytes) return "not a gzip file (too short)";
  max_bytes = std::min(max_bytes, kMaxInflatedBytes);
  // ISIZE is exact for the usual single member under 4 GiB; concatenated
  // members or larger files grow the guess and retry. It is only a guess:
  // nothing larger than max_bytes is allocated whatever it claims.
  size_t guess = size_t(std::min<uint64_t>(std::max<size_t>(gzip_trailer_size(compressed), 1024), max_bytes));
  for (;;) {
    char* data = out.resize_discarding(guess);
    size_t produced = 0;
    std::string_view rest = compressed;
    libdeflate_result result = LIBDEFLATE_SUCCESS;
    while (!rest.empty() && result == LIBDEFLATE_SUCCESS) {
      size_t consumed = 0;
      size_t member_size = 0;
      result = libdeflate_gzip_decompress_ex(decompressor_, rest.data(), rest.size(), data + produced,
                                             guess - produced, &consumed, &member_size);
      produced += member_size;
      rest.remove_prefix(consumed);
      // Zero bytes after the last member are padding some writers add.
      if (result == LIBDEFLATE_SUCCESS && rest.find_first_not_of('\0') == std::string_view::npos) break;
    }
    if (result == LIBDEFLATE_SUCCESS) {
      out.truncate(produced);
      return {};
    }
    if (result != LIBDEFLATE_INSUFFICIENT_SPACE) return std::string(result_name(result));
    if (guess >= max_bytes) return fmt::format("decompresses to more than {} bytes, the limit", max_bytes);
    guess = size_t(std::min<uint64_t>(uint64_t(guess) * 2, max_bytes));
  }
}

uint32_t crc32_of(std::string_view bytes) { return libdeflate_crc32(0, bytes.data(), bytes.size()); }

}  // namespace ecomflow
