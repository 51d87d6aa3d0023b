#include "zip_directory.hpp"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace ecomflow::bench {
namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr uint32_t kDirectoryHeader = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint16_t kZip64ExtraId = 0x0001;

uint64_t load_le(std::span<const uint8_t> bytes, size_t offset, size_t width) {
  if (offset + width > bytes.size()) throw std::runtime_error("zip: truncated archive");
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value |= uint64_t{bytes[offset + i]} << (8 * i);
  return value;
}

size_t find_end_of_directory(std::span<const uint8_t> archive) {
  if (archive.size() < 22) throw std::runtime_error("zip: too short");
  // The end record is followed by a comment of at most 65535 bytes.
  size_t lowest = archive.size() > 22 + 65535 ? archive.size() - 22 - 65535 : 0;
  for (size_t at = archive.size() - 22 + 1; at-- > lowest;) {
    if (load_le(archive, at, 4) == kEndOfDirectory) return at;
  }
  throw std::runtime_error("zip: no end of central directory");
}

// Sizes and offsets that overflow 32 bits live in the zip64 extra field, in
// this order, and only those that overflowed.
void apply_zip64_extra(std::span<const uint8_t> extra, uint64_t& uncompressed, uint64_t& compressed,
                       uint64_t& local_offset) {
  size_t at = 0;
  while (at + 4 <= extra.size()) {
    auto id = load_le(extra, at, 2);
    auto size = load_le(extra, at + 2, 2);
    if (id == kZip64ExtraId) {
      size_t field = at + 4;
      for (uint64_t* value : {&uncompressed, &compressed, &local_offset}) {
        if (*value == 0xFFFFFFFF) {
          *value = load_le(extra, field, 8);
          field += 8;
        }
      }
      return;
    }
    at += 4 + size;
  }
}

}  // namespace

std::vector<ZipEntry> read_zip_directory(std::span<const uint8_t> archive) {
  size_t end = find_end_of_directory(archive);
  uint64_t count = load_le(archive, end + 10, 2);
  uint64_t directory = load_le(archive, end + 16, 4);
  if ((count == 0xFFFF || directory == 0xFFFFFFFF) && end >= 20 &&
      load_le(archive, end - 20, 4) == kZip64Locator) {
    uint64_t record = load_le(archive, end - 20 + 8, 8);
    if (load_le(archive, record, 4) != kZip64EndOfDirectory)
      throw std::runtime_error("zip: bad zip64 record");
    count = load_le(archive, record + 32, 8);
    directory = load_le(archive, record + 48, 8);
  }
  std::vector<ZipEntry> entries;
  entries.reserve(count);
  size_t at = directory;
  for (uint64_t i = 0; i < count; ++i) {
    if (load_le(archive, at, 4) != kDirectoryHeader) throw std::runtime_error("zip: bad directory header");
    ZipEntry entry;
    entry.method = static_cast<uint16_t>(load_le(archive, at + 10, 2));
    uint64_t compressed = load_le(archive, at + 20, 4);
    entry.uncompressed_size = load_le(archive, at + 24, 4);
    size_t name_length = load_le(archive, at + 28, 2);
    size_t extra_length = load_le(archive, at + 30, 2);
    size_t comment_length = load_le(archive, at + 32, 2);
    uint64_t local = load_le(archive, at + 42, 4);
    if (at + 46 + name_length + extra_length > archive.size())
      throw std::runtime_error("zip: truncated directory");
    entry.name.assign(reinterpret_cast<const char*>(archive.data() + at + 46), name_length);
    apply_zip64_extra(archive.subspan(at + 46 + name_length, extra_length), entry.uncompressed_size,
                      compressed, local);
    if (load_le(archive, local, 4) != kLocalHeader) throw std::runtime_error("zip: bad local header");
    uint64_t data = local + 30 + load_le(archive, local + 26, 2) + load_le(archive, local + 28, 2);
    if (data + compressed > archive.size()) throw std::runtime_error("zip: entry past the end");
    entry.compressed = archive.subspan(data, compressed);
    entries.push_back(std::move(entry));
    at += 46 + name_length + extra_length + comment_length;
  }
  return entries;
}

std::vector<uint8_t> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<uint8_t> bytes(static_cast<size_t>(in.tellg()));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

std::vector<std::string> list_archives(const std::string& directory) {
  std::vector<std::string> paths;
  for (const auto& item : std::filesystem::directory_iterator(directory)) {
    if (item.is_regular_file() && item.path().extension() == ".zip") paths.push_back(item.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

EntryInflater::EntryInflater(Codec codec) : codec_(codec) {
  if (codec_ == Codec::kZlib) {
    auto* stream = new z_stream{};
    if (inflateInit2(stream, -MAX_WBITS) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
    state_ = stream;
  } else {
    state_ = libdeflate_alloc_decompressor();
  }
}

EntryInflater::~EntryInflater() {
  if (codec_ == Codec::kZlib) {
    auto* stream = static_cast<z_stream*>(state_);
    inflateEnd(stream);
    delete stream;
  } else {
    libdeflate_free_decompressor(static_cast<libdeflate_decompressor*>(state_));
  }
}

void EntryInflater::inflate(const ZipEntry& entry, std::vector<uint8_t>& out) {
  out.resize(entry.uncompressed_size);
  if (entry.method == 0) {
    std::memcpy(out.data(), entry.compressed.data(), out.size());
    return;
  }
  if (entry.method != 8) throw std::runtime_error("zip: unsupported method in " + entry.name);
  if (codec_ == Codec::kZlib) {
    auto* stream = static_cast<z_stream*>(state_);
    inflateReset(stream);
    stream->next_in = const_cast<Bytef*>(entry.compressed.data());
    stream->avail_in = static_cast<uInt>(entry.compressed.size());
    stream->next_out = out.data();
    stream->avail_out = static_cast<uInt>(out.size());
    if (::inflate(stream, Z_FINISH) != Z_STREAM_END)
      throw std::runtime_error("zlib: bad stream in " + entry.name);
  } else {
    auto result =
        libdeflate_deflate_decompress(static_cast<libdeflate_decompressor*>(state_), entry.compressed.data(),
                                      entry.compressed.size(), out.data(), out.size(), nullptr);
    if (result != LIBDEFLATE_SUCCESS) throw std::runtime_error("libdeflate: bad stream in " + entry.name);
  }
}

EntryInflater::Codec parse_codec(std::string_view name) {
  if (name == "zlib") return EntryInflater::Codec::kZlib;
  if (name == "libdeflate") return EntryInflater::Codec::kLibdeflate;
  throw std::runtime_error("unknown codec: " + std::string(name));
}

}  // namespace ecomflow::bench
