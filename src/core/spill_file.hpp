#pragma once
/// Where a state that outgrows its memory budget parks the overflow: one
/// unnamed temporary file, gone when the process ends.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace ecomflow {

/// An append-only file of bytes. Opened on the first append in `directory`
/// (empty = $TMPDIR, else /tmp) without a name (O_TMPFILE, else created and
/// unlinked at once), so nothing is left behind even by a crash. An I/O
/// failure throws UserError naming the file's purpose, the directory and
/// `remedy`. append() and discard() are not thread-safe; read() is, and may
/// run while no append() does.
class SpillFile {
 public:
  /// `purpose` names the file in errors ("dedupe", "session log").
  SpillFile(std::filesystem::path directory, std::string purpose, std::string remedy);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  /// Appends `bytes` at the end of the file and returns the offset they start at.
  uint64_t append(std::span<const std::byte> bytes);
  /// Reads `out.size()` bytes starting at `offset`.
  void read(uint64_t offset, std::span<std::byte> out) const;
  /// Gives the disk space of a range that will not be read again back to
  /// the file system (best effort).
  void discard(uint64_t offset, uint64_t bytes);
  /// Bytes appended so far; where the next append() goes.
  uint64_t bytes_written() const { return end_; }

  /// Appends trivially copyable items; returns the byte offset of the first.
  template <typename Item>
  uint64_t append_items(std::span<const Item> items) {
    return append(std::as_bytes(items));
  }
  /// Reads `out.size()` items stored from byte `offset` on.
  template <typename Item>
  void read_items(uint64_t offset, std::span<Item> out) const {
    read(offset, std::as_writable_bytes(out));
  }

 private:
  void open();
  [[noreturn]] void fail(const char* what, int error) const;

  std::filesystem::path directory_;
  std::string purpose_;
  std::string remedy_;
  int fd_ = -1;
  uint64_t end_ = 0;
};

}  // namespace ecomflow
