#pragma once
/// Test-only builders of zip and gzip bytes (libzip writes, libdeflate compresses).

#include <libdeflate.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ecomflow::testing {

/// One entry of a zip built in memory.
struct ZipEntry {
  std::string name;
  std::string content;
  bool deflate = true;
};

/// The bytes of a zip archive holding `entries` in order.
inline std::string make_zip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_TRUNCATE, &error);
  if (!archive) throw std::runtime_error("zip_open_from_source failed");
  zip_source_keep(source);
  for (const auto& entry : entries) {
    if (!entry.name.empty() && entry.name.back() == '/') {
      zip_dir_add(archive, entry.name.c_str(), ZIP_FL_ENC_UTF_8);
      continue;
    }
    zip_source_t* data = zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
    const zip_int64_t index = zip_file_add(archive, entry.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) throw std::runtime_error("zip_file_add failed");
    zip_set_file_compression(archive, zip_uint64_t(index), entry.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");
  zip_stat_t stat;
  zip_source_stat(source, &stat);
  std::string bytes(stat.size, '\0');
  zip_source_open(source);
  zip_source_read(source, bytes.data(), bytes.size());
  zip_source_close(source);
  zip_source_free(source);
  zip_error_fini(&error);
  return bytes;
}

/// `text` compressed as one gzip member.
inline std::string make_gzip(const std::string& text, int level = 6) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(level);
  std::string bytes(libdeflate_gzip_compress_bound(compressor, text.size()), '\0');
  bytes.resize(libdeflate_gzip_compress(compressor, text.data(), text.size(), bytes.data(), bytes.size()));
  libdeflate_free_compressor(compressor);
  return bytes;
}

/// Writes `bytes` to `path`, creating parent directories.
inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace ecomflow::testing
