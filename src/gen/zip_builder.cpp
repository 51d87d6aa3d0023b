#include "gen/zip_builder.hpp"

#include <libdeflate.h>

#include <cstring>
#include <limits>
#include <new>

#include "core/error.hpp"

namespace ecomflow {
namespace {

constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kEndOfCentralDirectorySignature = 0x06054b50;
constexpr uint16_t kVersionNeeded = 20;             // 2.0: deflate
constexpr uint16_t kVersionMadeBy = (3 << 8) | 20;  // Unix, so unzip shows the mode below
constexpr uint32_t kExternalAttributes = 0100644u << 16;
constexpr uint16_t kMethodDeflate = 8;
constexpr size_t kLocalHeaderSize = 30;
constexpr uint64_t kClassicZipLimit = std::numeric_limits<uint32_t>::max();

void put16(std::string& out, uint16_t value) {
  const char bytes[2] = {char(value & 0xff), char(value >> 8)};
  out.append(bytes, 2);
}

void put32(std::string& out, uint32_t value) {
  const char bytes[4] = {char(value & 0xff), char((value >> 8) & 0xff), char((value >> 16) & 0xff),
                         char(value >> 24)};
  out.append(bytes, 4);
}

void patch32(std::string& out, size_t position, uint32_t value) {
  for (int i = 0; i < 4; ++i) out[position + i] = char((value >> (8 * i)) & 0xff);
}

/// MS-DOS date of a day; the format cannot say anything before 1980 or after 2107.
uint16_t dos_date(DayNumber day) {
  const CivilDate date = civil_from_days(day);
  if (date.year < 1980) return (1 << 5) | 1;
  if (date.year > 2107) return uint16_t((127 << 9) | (12 << 5) | 31);
  return uint16_t(((date.year - 1980) << 9) | (date.month << 5) | date.day);
}

}  // namespace

ZipBuilder::ZipBuilder(int compression_level) : compressor_(libdeflate_alloc_compressor(compression_level)) {
  ECOMFLOW_CHECK(compressor_ != nullptr);
}

ZipBuilder::~ZipBuilder() { libdeflate_free_compressor(compressor_); }

void ZipBuilder::add(std::string_view name, std::string_view data, DayNumber modified) {
  const size_t header_offset = archive_.size();
  const size_t bound = libdeflate_deflate_compress_bound(compressor_, data.size());
  if (header_offset + kLocalHeaderSize + name.size() + bound >= kClassicZipLimit)
    throw UserError(
        fmt::format("zip entry `{}` would make the archive larger than 4 GiB; "
                    "use more --parts-per-day or fewer --events-per-part",
                    name));
  const uint32_t crc = libdeflate_crc32(0, data.data(), data.size());
  const uint16_t date = dos_date(modified);

  put32(archive_, kLocalHeaderSignature);
  put16(archive_, kVersionNeeded);
  put16(archive_, 0);  // flags
  put16(archive_, kMethodDeflate);
  put16(archive_, 0);  // time 00:00:00
  put16(archive_, date);
  put32(archive_, crc);
  const size_t sizes_offset = archive_.size();
  put32(archive_, 0);  // compressed size, patched below
  put32(archive_, uint32_t(data.size()));
  put16(archive_, uint16_t(name.size()));
  put16(archive_, 0);  // extra field length
  archive_.append(name);

  // Compress straight into the archive's tail: no intermediate copy.
  const size_t data_offset = archive_.size();
  archive_.resize(data_offset + bound);
  const size_t compressed = libdeflate_deflate_compress(compressor_, data.data(), data.size(),
                                                        archive_.data() + data_offset, bound);
  ECOMFLOW_CHECK(compressed > 0 || data.empty());
  archive_.resize(data_offset + compressed);
  patch32(archive_, sizes_offset, uint32_t(compressed));

  put32(central_directory_, kCentralHeaderSignature);
  put16(central_directory_, kVersionMadeBy);
  put16(central_directory_, kVersionNeeded);
  put16(central_directory_, 0);  // flags
  put16(central_directory_, kMethodDeflate);
  put16(central_directory_, 0);
  put16(central_directory_, date);
  put32(central_directory_, crc);
  put32(central_directory_, uint32_t(compressed));
  put32(central_directory_, uint32_t(data.size()));
  put16(central_directory_, uint16_t(name.size()));
  put16(central_directory_, 0);  // extra field length
  put16(central_directory_, 0);  // comment length
  put16(central_directory_, 0);  // disk number
  put16(central_directory_, 0);  // internal attributes
  put32(central_directory_, kExternalAttributes);
  put32(central_directory_, uint32_t(header_offset));
  central_directory_.append(name);
  ++entry_count_;
}

std::string ZipBuilder::finish() {
  ECOMFLOW_CHECK_LT(entry_count_, 0xffff);
  const size_t directory_offset = archive_.size();
  if (directory_offset + central_directory_.size() + 22 >= kClassicZipLimit)
    throw UserError("zip archive would be larger than 4 GiB; use fewer --events-per-part");
  archive_.append(central_directory_);
  put32(archive_, kEndOfCentralDirectorySignature);
  put16(archive_, 0);  // this disk
  put16(archive_, 0);  // disk with the central directory
  put16(archive_, uint16_t(entry_count_));
  put16(archive_, uint16_t(entry_count_));
  put32(archive_, uint32_t(central_directory_.size()));
  put32(archive_, uint32_t(directory_offset));
  put16(archive_, 0);  // comment length
  std::string result = std::move(archive_);
  archive_.clear();
  central_directory_.clear();
  entry_count_ = 0;
  return result;
}

}  // namespace ecomflow
