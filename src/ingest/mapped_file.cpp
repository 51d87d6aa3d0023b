#include "ingest/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ecomflow {

namespace {

/// Closes a descriptor on every return path.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

std::string errno_text() { return std::strerror(errno); }

}  // namespace

MappedFile::MappedFile(const std::filesystem::path& path) {
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  struct stat status;
  if (file.fd < 0 || ::fstat(file.fd, &status) != 0) {
    error_ = errno_text();
    return;
  }
  if (status.st_size == 0) return;
  void* data = ::mmap(nullptr, size_t(status.st_size), PROT_READ, MAP_PRIVATE, file.fd, 0);
  if (data == MAP_FAILED) {
    error_ = errno_text();
    return;
  }
  data_ = data;
  size_ = size_t(status.st_size);
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

std::string read_whole_file(const std::filesystem::path& path, ByteBuffer& out) {
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  struct stat status;
  if (file.fd < 0 || ::fstat(file.fd, &status) != 0) return errno_text();
  char* data = out.resize_discarding(size_t(status.st_size));
  size_t total = 0;
  while (total < out.size()) {
    const ssize_t count = ::read(file.fd, data + total, out.size() - total);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return errno_text();
    if (count == 0) break;  // the file shrank while being read
    total += size_t(count);
  }
  out.truncate(total);
  return {};
}

}  // namespace ecomflow
