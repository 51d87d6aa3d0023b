#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace ecomflow {

AtomicFile::AtomicFile(std::filesystem::path target, AtomicFileSet* set, unsigned mode)
    : target_(std::move(target)), set_(set) {
  std::error_code error;
  if (target_.has_parent_path()) std::filesystem::create_directories(target_.parent_path(), error);
  temporary_ = target_;
  temporary_ += fmt::format(".tmp-{}", getpid());
  struct stat existing {};
  if (::stat(target_.c_str(), &existing) == 0) mode &= existing.st_mode & 0777;
  // O_EXCL: a leftover of this pid's name (or a planted link) is replaced, never followed.
  ::unlink(temporary_.c_str());
  const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode));
  if (fd >= 0) file_ = ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw UserError(fmt::format("cannot write {}: {}", target_.string(), reason));
  }
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

void AtomicFile::write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
    throw UserError(fmt::format("cannot write {}: {}", target_.string(), std::strerror(errno)));
  // A large file starts going to disk while the rest of it is being
  // written, so that making it durable finds little left to wait for.
  constexpr uint64_t kWritebackBytes = uint64_t(1) << 20;
  pending_bytes_ += bytes.size();
  if (pending_bytes_ >= kWritebackBytes) {
    if (std::fflush(file_) != 0)
      throw UserError(fmt::format("cannot write {}: {}", target_.string(), std::strerror(errno)));
    (void)::sync_file_range(fileno(file_), off64_t(written_back_), 0, SYNC_FILE_RANGE_WRITE);
    written_back_ += pending_bytes_;
    pending_bytes_ = 0;
  }
}

void AtomicFile::commit() {
  if (set_ != nullptr) return set_->add(*this);
  const bool flushed = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed || std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
    throw UserError(fmt::format("cannot write {}: {}", target_.string(), reason));
  }
}

AtomicFileSet::~AtomicFileSet() { discard_pending(); }

void AtomicFileSet::add(AtomicFile& file) {
  int fd = -1;
  const bool flushed = std::fflush(file.file_) == 0 && (fd = ::dup(fileno(file.file_))) >= 0;
  const int error = errno;
  const bool closed = std::fclose(file.file_) == 0;
  file.file_ = nullptr;
  if (!flushed || !closed) {
    if (fd >= 0) ::close(fd);
    std::error_code ignored;
    std::filesystem::remove(file.temporary_, ignored);
    throw UserError(
        fmt::format("cannot write {}: {}", file.target_.string(), std::strerror(closed ? error : errno)));
  }
  // Only starts the write-back; commit() waits for it.
  (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  std::lock_guard lock(mutex_);
  pending_.push_back({file.temporary_, file.target_, fd});
}

void AtomicFileSet::commit() {
  std::lock_guard lock(mutex_);
  for (Pending& file : pending_) {
    if (::fsync(file.fd) != 0) {
      const std::string reason = std::strerror(errno);
      const std::string target = file.target.string();
      discard_pending();
      throw UserError(fmt::format("cannot write {}: {}", target, reason));
    }
    ::close(file.fd);
    file.fd = -1;
  }
  if (pending_.empty()) return;
  // Renaming over a large file frees the old one's pages before it returns;
  // on two threads the other renames go on meanwhile.
  const size_t last = pending_.size() - 1;
  std::vector<int> errors(pending_.size(), 0);
  std::atomic<size_t> next{0};
  auto rename_some = [&] {
    for (size_t i = next++; i < last; i = next++) {
      Pending& file = pending_[i];
      if (std::rename(file.temporary.c_str(), file.target.c_str()) == 0) {
        file.temporary.clear();
      } else {
        errors[i] = errno;
      }
    }
  };
  {
    constexpr size_t kFilesPerThread = 8;
    std::jthread helper;
    if (last >= kFilesPerThread) helper = std::jthread(rename_some);
    rename_some();
  }
  if (std::find_if(errors.begin(), errors.end(), [](int error) { return error != 0; }) == errors.end()) {
    Pending& file = pending_[last];
    if (std::rename(file.temporary.c_str(), file.target.c_str()) == 0) {
      file.temporary.clear();
    } else {
      errors[last] = errno;
    }
  }
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (errors[i] != 0) {
      const std::string reason = std::strerror(errors[i]);
      const std::string target = pending_[i].target.string();
      discard_pending();
      throw UserError(fmt::format("cannot write {}: {}", target, reason));
    }
  }
  for (const Pending& file : pending_) committed_.push_back(file.target);
  pending_.clear();
}

std::vector<std::filesystem::path> AtomicFileSet::committed() const {
  std::lock_guard lock(mutex_);
  return committed_;
}

void AtomicFileSet::discard_pending() {
  for (Pending& file : pending_) {
    if (file.fd >= 0) ::close(file.fd);
    file.fd = -1;
    std::error_code ignored;
    if (!file.temporary.empty()) std::filesystem::remove(file.temporary, ignored);
  }
  pending_.clear();
}

size_t remove_abandoned_temporaries(const std::filesystem::path& directory) {
  std::error_code error;
  size_t removed = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(directory, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file(error) || it->is_symlink(error)) continue;
    const std::string name = it->path().filename().string();
    const size_t mark = name.rfind(".tmp-");
    if (mark == std::string::npos || mark + 5 == name.size()) continue;
    const std::string digits = name.substr(mark + 5);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) continue;
    const pid_t pid = pid_t(std::stol(digits));
    // A live process may still be writing it (another run, another database).
    if (pid == getpid() || pid <= 0 || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    if (std::filesystem::remove(it->path(), ignored)) ++removed;
  }
  return removed;
}

void write_file_atomically(const std::filesystem::path& target, std::string_view bytes, AtomicFileSet* set) {
  AtomicFile file(target, set);
  file.write(bytes);
  file.commit();
}

}  // namespace ecomflow
