#include "store/database_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "core/error.hpp"
#include "core/stop_signal.hpp"

namespace ecomflow {
namespace {

/// PostgreSQL advisory locks take two 32-bit keys: ecomflow's ("ECOF") and the role.
constexpr int kPostgresLockSpace = 0x45434F46;

/// SQLite: one byte per role of the lock file beside the database.
constexpr off_t kSqliteLockOffset = 0;

constexpr std::chrono::milliseconds kPollInterval(100);

int role_key(DatabaseLockRole role) { return role == DatabaseLockRole::kRun ? 1 : 2; }

struct flock file_lock_request(DatabaseLockRole role, short type) {
  struct flock request {};
  request.l_type = type;
  request.l_whence = SEEK_SET;
  request.l_start = kSqliteLockOffset + role_key(role);
  request.l_len = 1;
  return request;
}

/// The lock file of a SQLite database: beside it, named after its real path
/// (symlinks resolved, as SQLite names its -wal file). Not the database file
/// itself: closing any descriptor of that file would drop the POSIX locks
/// SQLite holds on it in this process.
std::string lock_file_of(const std::string& database_file) {
  std::error_code error;
  const std::filesystem::path real = std::filesystem::canonical(database_file, error);
  return (error ? std::filesystem::path(database_file) : real).string() + "-ecomflow-lock";
}

int open_for_locking(const std::string& path, bool create) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
  if (fd < 0 && (create || errno != ENOENT))
    throw UserError(fmt::format("cannot open lock file {}: {}", path, std::strerror(errno)));
  return fd;
}

/// One attempt; true when taken.
bool try_take(Database& database, DatabaseLockRole role, int fd) {
  if (fd >= 0) {
    // An open-file-description lock belongs to this descriptor, so closing
    // another descriptor of the same file (SQLite does) never drops it.
    struct flock request = file_lock_request(role, F_WRLCK);
    if (fcntl(fd, F_OFD_SETLK, &request) == 0) return true;
    if (errno == EAGAIN || errno == EACCES) return false;
    throw UserError(fmt::format("cannot lock {}: {}", database.display_name(), std::strerror(errno)));
  }
  const QueryResult result =
      database.query(fmt::format("SELECT pg_try_advisory_lock({}, {})", kPostgresLockSpace, role_key(role)));
  return result.rows.at(0).at(0).value_or("f") == "t";
}

}  // namespace

std::string_view database_lock_role_name(DatabaseLockRole role) {
  return role == DatabaseLockRole::kRun ? "run" : "scheduler";
}

std::optional<DatabaseLock> DatabaseLock::acquire(Database& database, DatabaseLockRole role,
                                                  std::chrono::milliseconds wait) {
  const bool postgres = database.backend() == "postgresql";
  const std::string path = database.file_path();
  if (!postgres && path.empty()) return DatabaseLock(nullptr, role, -1);  // in memory: this process only
  const int fd = postgres ? -1 : open_for_locking(lock_file_of(path), true);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  try {
    while (!try_take(database, role, fd)) {
      if (std::chrono::steady_clock::now() >= deadline) {
        if (fd >= 0) ::close(fd);
        return std::nullopt;
      }
      throw_if_stopped("while waiting for the database lock");
      std::this_thread::sleep_for(kPollInterval);
    }
  } catch (...) {
    if (fd >= 0) ::close(fd);
    throw;
  }
  return DatabaseLock(postgres ? &database : nullptr, role, fd);
}

bool DatabaseLock::held_elsewhere(Database& database, DatabaseLockRole role) {
  if (database.backend() == "postgresql") {
    const QueryResult result = database.query(fmt::format(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = {} AND objid = "
        "{} "
        "AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND pid <> pg_backend_pid()",
        kPostgresLockSpace, role_key(role)));
    return result.rows.at(0).at(0).value_or("0") != "0";
  }
  const std::string path = database.file_path();
  if (path.empty()) return false;
  const int fd = open_for_locking(lock_file_of(path), false);
  if (fd < 0) return false;  // no lock file: never locked
  struct flock request = file_lock_request(role, F_WRLCK);
  const int status = fcntl(fd, F_OFD_GETLK, &request);
  ::close(fd);
  return status == 0 && request.l_type != F_UNLCK;
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases its lock
  if (database_ == nullptr) return;
  try {
    database_->query(fmt::format("SELECT pg_advisory_unlock({}, {})", kPostgresLockSpace, role_key(role_)));
  } catch (...) {
    // A lost connection has released the lock already.
  }
}

}  // namespace ecomflow
