#include "ingest/inflater.hpp"

#include <fmt/format.h>
#include <libdeflate.h>
#include <zlib.h>

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

std::string Inflater::gunzip(std::string_view compressed, ByteBuffer& out, uint64_t max_bytes,
                             bool* past_limit) {
  if (past_limit) *past_limit = false;
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
    if (guess >= max_bytes) {
      if (past_limit) *past_limit = true;
      return fmt::format("decompresses to more than {} bytes, the limit", max_bytes);
    }
    guess = size_t(std::min<uint64_t>(uint64_t(guess) * 2, max_bytes));
  }
}

uint32_t crc32_of(std::string_view bytes) { return libdeflate_crc32(0, bytes.data(), bytes.size()); }

uint32_t crc32_update(uint32_t crc, std::string_view bytes) {
  return libdeflate_crc32(crc, bytes.data(), bytes.size());
}

struct GzipStream::State {
  z_stream stream{};
  std::string_view rest;  ///< compressed bytes not yet given to zlib
  bool started = false;
  bool done = false;
};

GzipStream::GzipStream(std::string_view compressed) : state_(std::make_unique<State>()) {
  state_->rest = compressed;
  // 16 + 15: a gzip wrapper (header, CRC-32 and size checked) around a 32 KiB window.
  if (inflateInit2(&state_->stream, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
  state_->started = true;
}

GzipStream::~GzipStream() {
  if (state_->started) inflateEnd(&state_->stream);
}

size_t GzipStream::read(char* out, size_t capacity) {
  State& state = *state_;
  if (state.done || !error_.empty()) return 0;
  z_stream& stream = state.stream;
  stream.next_out = reinterpret_cast<Bytef*>(out);
  const size_t asked = std::min<size_t>(capacity, size_t(1) << 30);
  stream.avail_out = uInt(asked);
  while (stream.avail_out > 0) {
    if (stream.avail_in == 0 && !state.rest.empty()) {
      const size_t take = std::min<size_t>(state.rest.size(), size_t(1) << 30);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(state.rest.data()));
      stream.avail_in = uInt(take);
      state.rest.remove_prefix(take);
    }
    const int result = inflate(&stream, Z_NO_FLUSH);
    if (result == Z_STREAM_END) {
      // Another member may follow; zero bytes after the last one are padding.
      const std::string_view unread(reinterpret_cast<const char*>(stream.next_in), stream.avail_in);
      if (unread.find_first_not_of('\0') == std::string_view::npos &&
          state.rest.find_first_not_of('\0') == std::string_view::npos) {
        state.done = true;
        break;
      }
      inflateReset(&stream);
      continue;
    }
    if (result == Z_BUF_ERROR && stream.avail_in == 0 && state.rest.empty()) {
      error_ = "truncated gzip stream";
      return 0;
    }
    if (result != Z_OK) {
      error_ = stream.msg ? stream.msg : fmt::format("zlib error {}", result);
      return 0;
    }
  }
  return asked - stream.avail_out;
}

}  // namespace ecomflow
