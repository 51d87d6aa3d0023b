#pragma once
/// Files that appear whole or not at all: write to a temporary name in the
/// same directory, flush, then rename over the target.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <vector>

namespace ecomflow {

class AtomicFileSet;

/// A file being written atomically. Destroying it without commit() removes
/// the temporary file and leaves any previous target untouched.
class AtomicFile {
 public:
  /// Creates `<target>.tmp-<pid>` (and the parent directories) with `mode`
  /// less the umask, and never wider than an existing target's mode, so
  /// replacing a file a user narrowed keeps it narrow. With a `set`,
  /// commit() hands the file over to it. Throws UserError.
  explicit AtomicFile(std::filesystem::path target, AtomicFileSet* set = nullptr, unsigned mode = 0666);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  /// Flushes, fsyncs and renames onto the target; in a set, flushes and
  /// leaves the rest to the set's commit(). Throws UserError.
  void commit();
  std::FILE* stream() { return file_; }
  const std::filesystem::path& target() const { return target_; }

 private:
  friend class AtomicFileSet;
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
  AtomicFileSet* set_;
  uint64_t written_back_ = 0;   ///< bytes whose write-back has been started
  uint64_t pending_bytes_ = 0;  ///< written through write() since the last write-back started
};

/// Files published together, such as a run's reports. Each file's data
/// starts going to disk as soon as the file is complete; commit() waits
/// until all of it is there and then renames every file onto its target, so
/// the waits for the disk overlap instead of adding up. Thread-safe.
/// Destroying a set without commit() removes the temporary files.
class AtomicFileSet {
 public:
  AtomicFileSet() = default;
  ~AtomicFileSet();
  AtomicFileSet(const AtomicFileSet&) = delete;
  AtomicFileSet& operator=(const AtomicFileSet&) = delete;

  /// Makes every file durable, then renames each onto its target: the last
  /// one completed after all the others, which two threads rename (replacing
  /// a large file waits for its old pages to be freed). If any cannot be
  /// made durable, none is renamed. Throws UserError naming the file.
  void commit();
  /// The targets the commits so far have put in place.
  std::vector<std::filesystem::path> committed() const;

 private:
  friend class AtomicFile;
  struct Pending {
    std::filesystem::path temporary;  ///< empty once renamed
    std::filesystem::path target;
    int fd;  ///< kept open until it has been synced
  };
  /// Takes over a complete file: flushes it and starts its write-back.
  void add(AtomicFile& file);
  void discard_pending();

  mutable std::mutex mutex_;  ///< guards pending_ and committed_
  std::vector<Pending> pending_;
  std::vector<std::filesystem::path> committed_;
};

/// Removes the `*.tmp-<pid>` files under `directory` (not following
/// symlinks) whose process is gone: what a killed writer left. Returns how many.
size_t remove_abandoned_temporaries(const std::filesystem::path& directory);

/// Writes `bytes` to `target` atomically; with a `set`, as part of it.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes,
                           AtomicFileSet* set = nullptr);

}  // namespace ecomflow
