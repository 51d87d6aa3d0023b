#include "validate/fingerprint_spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

namespace ecomflow {

FingerprintSpillFile::FingerprintSpillFile(std::filesystem::path directory, std::string remedy)
    : directory_(std::move(directory)), remedy_(std::move(remedy)) {}

FingerprintSpillFile::~FingerprintSpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

void FingerprintSpillFile::open() {
  if (directory_.empty()) {
    const char* tmpdir = std::getenv("TMPDIR");
    directory_ = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  }
  fd_ = ::open(directory_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  // Some file systems have no unnamed files: create one with a name and drop the name.
  if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    std::string path = (directory_ / "ecomflow-dedupe-XXXXXX").string();
    fd_ = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(path.c_str());
  }
  if (fd_ < 0) fail("create", errno);
}

void FingerprintSpillFile::append(std::span<const uint64_t> fingerprints) {
  if (fd_ < 0) open();
  const char* data = reinterpret_cast<const char*>(fingerprints.data());
  size_t left = fingerprints.size_bytes();
  off_t offset = off_t(end_ * sizeof(uint64_t));
  while (left > 0) {
    const ssize_t written = ::pwrite(fd_, data, left, offset);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) fail("write", written < 0 ? errno : ENOSPC);
    data += written;
    left -= size_t(written);
    offset += written;
  }
  end_ += fingerprints.size();
}

void FingerprintSpillFile::read(uint64_t first, std::span<uint64_t> out) {
  char* data = reinterpret_cast<char*>(out.data());
  size_t left = out.size_bytes();
  off_t offset = off_t(first * sizeof(uint64_t));
  while (left > 0) {
    const ssize_t count = ::pread(fd_, data, left, offset);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) fail("read", count < 0 ? errno : EIO);
    data += count;
    left -= size_t(count);
    offset += count;
  }
}

void FingerprintSpillFile::discard(SpillExtent extent) {
  if (fd_ < 0 || extent.count == 0) return;
  // Failure only costs disk space until the run ends (the file system may not punch holes).
  (void)::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off_t(extent.first * sizeof(uint64_t)),
                    off_t(extent.count * sizeof(uint64_t)));
}

void FingerprintSpillFile::fail(const char* what, int error) const {
  throw UserError(fmt::format("cannot {} the dedupe spill file in '{}': {}; {}", what, directory_.string(),
                              std::strerror(error), remedy_));
}

}  // namespace ecomflow
