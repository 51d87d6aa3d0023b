#pragma once
/// Walking input files: plain files, gzip files and zip archives nested to any
/// depth, handing every leaf file to a callback inflated in memory: whole, or
/// for NDJSON and CSV entries past InflateLimits::piece_bytes in pieces.

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/quarantine.hpp"
#include "ingest/byte_buffer.hpp"
#include "ingest/inflater.hpp"
#include "ingest/input_file.hpp"

typedef struct zip zip_t;
typedef struct zip_stat zip_stat_t;

namespace ecomflow {

/// What one walker has read so far.
struct WalkCounters {
  uint64_t files_visited = 0;   ///< top-level files walked
  uint64_t leaf_files = 0;      ///< leaf files handed to the file callback
  uint64_t bytes_read = 0;      ///< bytes read from disk (archives counted compressed)
  uint64_t bytes_inflated = 0;  ///< bytes produced by inflating entries and gzip files, all levels
};

/// Nested archives deeper than this are reported as corrupt_archive (zip quines).
constexpr int kMaxArchiveDepth = 16;

/// Turns input files into leaf files. One per worker thread: it reuses its
/// buffers across files, so the content of a leaf is valid only during the
/// callback that receives it.
class ArchiveWalker {
 public:
  using FileCallback = std::function<void(const InputFile&)>;
  using ProblemCallback = std::function<void(QuarantineRecord&&)>;

  explicit ArchiveWalker(const InflateLimits& limits = {}) : limits_(limits) {}

  /// Walks one file on disk. Archives and entries that cannot be read go to
  /// `on_problem` (corrupt_archive, unsupported_entry) and the walk goes on.
  /// An entry past the InflateLimits' ratio is corrupt_archive; an input past
  /// its inflated-bytes limit is corrupt_archive from there on, and its walk stops.
  void walk(const std::filesystem::path& file, const FileCallback& on_file,
            const ProblemCallback& on_problem);

  /// Walks a file already in memory, as walk() would the same bytes on disk
  /// under `name` (its file name chooses zip, gzip or a leaf format).
  void walk_bytes(const std::string& name, std::string_view bytes, const FileCallback& on_file,
                  const ProblemCallback& on_problem);

  /// Totals since construction.
  const WalkCounters& counters() const { return counters_; }

 private:
  /// The state of one walk(), so nested levels share the callbacks.
  struct Walk {
    std::string file;
    const FileCallback& on_file;
    const ProblemCallback& on_problem;
    uint64_t inflated = 0;  ///< bytes inflated from this input so far, all levels
    bool stopped = false;   ///< the input went past its limit: nothing more is read
  };
  /// What went wrong reading an entry, and the bytes that show it.
  struct ReadFailure {
    std::string message;
    std::string_view evidence;
  };

  void walk_disk_leaf(Walk& walk, InputFormat format);
  /// Reads a large NDJSON or CSV file from disk a piece at a time.
  void read_disk_pieces(Walk& walk, InputFormat format);
  void walk_disk_gzip(Walk& walk, InputFormat format);
  void walk_gzip(Walk& walk, const std::string& entry_path, std::string_view bytes, InputFormat format);
  /// Gunzips `bytes` a piece at a time, producing at most `cap` bytes.
  void stream_gzip(Walk& walk, const std::string& entry_path, std::string_view bytes, InputFormat format,
                   uint64_t cap);
  /// Inflates a zip entry a piece at a time; returns why it failed, or an empty string.
  std::string stream_entry(Walk& walk, zip_t* archive, const zip_stat_t& stat, const std::string& entry_path,
                           InputFormat format);
  /// Reads a file through `read` (false: it failed, stop) and delivers it in
  /// pieces of about piece_bytes cut where PieceCutter allows.
  void deliver_pieces(Walk& walk, const std::string& entry_path, InputFormat format,
                      const std::function<bool(char* out, size_t capacity, size_t& count)>& read);
  void walk_disk_zip(Walk& walk);
  void walk_zip(Walk& walk, std::string_view archive, const std::string& entry_prefix, int depth);
  void walk_entry(Walk& walk, zip_t* archive, const zip_stat_t& stat, const std::string& entry_path,
                  int depth);
  ReadFailure read_entry(zip_t* archive, const zip_stat_t& stat, ByteBuffer& out);
  void deliver(Walk& walk, const std::string& entry_path, InputFormat format, std::string_view content);
  void report(Walk& walk, QuarantineReason reason, const std::string& entry_path, std::string detail,
              std::string_view evidence);
  ByteBuffer& archive_buffer(int depth);
  /// Reports and returns true when inflating `size` bytes from `compressed_size` breaks a limit.
  bool exceeds_limits(Walk& walk, const std::string& entry_path, uint64_t size, uint64_t compressed_size);
  /// The most a gzip file of `compressed_size` bytes may produce in this walk.
  uint64_t gzip_cap(const Walk& walk, uint64_t compressed_size) const;

  InflateLimits limits_;

  Inflater inflater_;
  ByteBuffer leaf_;                  ///< content of the leaf being delivered
  ByteBuffer gzip_staging_;          ///< a `.gz` entry before it is gunzipped
  ByteBuffer compressed_;            ///< the raw DEFLATE bytes of the entry being read
  std::deque<ByteBuffer> archives_;  ///< inflated nested archives, one per depth (stable addresses)
  WalkCounters counters_;
};

}  // namespace ecomflow
