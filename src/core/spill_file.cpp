#include "core/spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

namespace ecomflow {

SpillFile::SpillFile(std::filesystem::path directory, std::string purpose, std::string remedy)
    : directory_(std::move(directory)), purpose_(std::move(purpose)), remedy_(std::move(remedy)) {}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillFile::open() {
  if (directory_.empty()) {
    const char* tmpdir = std::getenv("TMPDIR");
    directory_ = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  }
  fd_ = ::open(directory_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  // Some file systems have no unnamed files: create one with a name and drop the name.
  if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    std::string path = (directory_ / "ecomflow-spill-XXXXXX").string();
    fd_ = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(path.c_str());
  }
  if (fd_ < 0) fail("create", errno);
}

uint64_t SpillFile::append(std::span<const std::byte> bytes) {
  if (fd_ < 0) open();
  const uint64_t start = end_;
  const std::byte* data = bytes.data();
  size_t left = bytes.size();
  off_t offset = off_t(start);
  while (left > 0) {
    const ssize_t written = ::pwrite(fd_, data, left, offset);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) fail("write", written < 0 ? errno : ENOSPC);
    data += written;
    left -= size_t(written);
    offset += written;
  }
  end_ += bytes.size();
  return start;
}

void SpillFile::read(uint64_t offset, std::span<std::byte> out) const {
  std::byte* data = out.data();
  size_t left = out.size();
  off_t position = off_t(offset);
  while (left > 0) {
    const ssize_t count = ::pread(fd_, data, left, position);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) fail("read", count < 0 ? errno : EIO);
    data += count;
    left -= size_t(count);
    position += count;
  }
}

void SpillFile::discard(uint64_t offset, uint64_t bytes) {
  if (fd_ < 0 || bytes == 0) return;
  // Failure only costs disk space until the run ends (the file system may not punch holes).
  (void)::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off_t(offset), off_t(bytes));
}

void SpillFile::fail(const char* what, int error) const {
  throw UserError(fmt::format("cannot {} the {} spill file in '{}': {}; {}", what, purpose_,
                              directory_.string(), std::strerror(error), remedy_));
}

}  // namespace ecomflow
