#pragma once
/// The entries of a zip archive held in memory, read straight from its
/// central directory, so the speed-limit programs can hand the raw deflate
/// streams to zlib or libdeflate with nothing in between.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ecomflow::bench {

/// One archive member: its name and where its compressed bytes are.
struct ZipEntry {
  std::string name;
  uint16_t method = 0;  ///< 0 stored, 8 deflate
  std::span<const uint8_t> compressed;
  uint64_t uncompressed_size = 0;
};

/// Lists the members of the archive in `archive` (zip64 included). Throws
/// std::runtime_error on a malformed archive: these programs only read data
/// that `ecomflow generate` wrote, so a bad archive ends the measurement.
std::vector<ZipEntry> read_zip_directory(std::span<const uint8_t> archive);

/// Reads a whole file into memory.
std::vector<uint8_t> read_whole_file(const std::string& path);

/// The outer archives of an event directory (every `*.zip`), sorted by name.
std::vector<std::string> list_archives(const std::string& directory);

/// Decompresses raw deflate (or stored) entries with one codec.
class EntryInflater {
 public:
  enum class Codec { kZlib, kLibdeflate };
  explicit EntryInflater(Codec codec);
  ~EntryInflater();
  EntryInflater(const EntryInflater&) = delete;
  EntryInflater& operator=(const EntryInflater&) = delete;

  /// Inflates `entry` into `out` (resized to its uncompressed size).
  void inflate(const ZipEntry& entry, std::vector<uint8_t>& out);

 private:
  Codec codec_;
  void* state_ = nullptr;  ///< z_stream* or libdeflate_decompressor*
};

/// Parses a codec name: `zlib` or `libdeflate`.
EntryInflater::Codec parse_codec(std::string_view name);

}  // namespace ecomflow::bench
