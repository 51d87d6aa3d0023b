#pragma once
/// Reading files from disk without extra copies.

#include <filesystem>
#include <string>
#include <string_view>

#include "ingest/byte_buffer.hpp"

namespace ecomflow {

/// A read-only memory mapping of a whole file (archives and gzip files are
/// read through it, so only the pages libzip and libdeflate touch are loaded).
class MappedFile {
 public:
  /// Maps `path`; on failure bytes() is empty and error() says why.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }
  const std::string& error() const { return error_; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  std::string error_;
};

/// Reads the whole of `path` into `out` (padded for simdjson). Returns an
/// empty string or why it failed.
std::string read_whole_file(const std::filesystem::path& path, ByteBuffer& out);

}  // namespace ecomflow
