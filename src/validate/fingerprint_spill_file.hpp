#pragma once
/// Where the deduplicator parks the fingerprints of days that do not fit its
/// memory budget: one unnamed temporary file, gone when the process ends.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace ecomflow {

/// `count` fingerprints stored from fingerprint number `first` of the file.
struct SpillExtent {
  uint64_t first = 0;
  uint64_t count = 0;
};

/// An append-only file of 64-bit fingerprints. Opened on the first write in
/// `directory` (empty = $TMPDIR, else /tmp) without a name (O_TMPFILE, else
/// created and unlinked at once), so nothing is left behind even by a crash.
/// An I/O failure throws UserError naming the directory and `remedy`. Not
/// thread-safe.
class FingerprintSpillFile {
 public:
  FingerprintSpillFile(std::filesystem::path directory, std::string remedy);
  ~FingerprintSpillFile();
  FingerprintSpillFile(const FingerprintSpillFile&) = delete;
  FingerprintSpillFile& operator=(const FingerprintSpillFile&) = delete;

  /// Where the next append() goes: fingerprints appended since belong to one extent.
  uint64_t end() const { return end_; }
  /// Appends fingerprints at the end of the file.
  void append(std::span<const uint64_t> fingerprints);
  /// Reads `out.size()` fingerprints starting at fingerprint number `first`.
  void read(uint64_t first, std::span<uint64_t> out);
  /// Gives the disk space of an extent that will not be read again back to
  /// the file system (best effort).
  void discard(SpillExtent extent);
  /// Bytes appended so far.
  uint64_t bytes_written() const { return end_ * sizeof(uint64_t); }

 private:
  void open();
  [[noreturn]] void fail(const char* what, int error) const;

  std::filesystem::path directory_;
  std::string remedy_;
  int fd_ = -1;
  uint64_t end_ = 0;  ///< in fingerprints
};

}  // namespace ecomflow
