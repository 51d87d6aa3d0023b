#pragma once
/// Files that appear whole or not at all: write to a temporary name in the
/// same directory, flush, then rename over the target.

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace ecomflow {

/// A file being written atomically. Destroying it without commit() removes
/// the temporary file and leaves any previous target untouched.
class AtomicFile {
 public:
  /// Creates `<target>.tmp-<pid>` (and the parent directories). Throws UserError.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  /// Flushes, fsyncs and renames onto the target. Throws UserError.
  void commit();
  std::FILE* stream() { return file_; }
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
};

/// Writes `bytes` to `target` atomically.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace ecomflow
