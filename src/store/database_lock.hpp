#pragma once
/// Exclusive locks held in the database itself, so that two pipeline runs
/// (or two schedulers) of one database never overlap, whichever machine
/// they run on. PostgreSQL: a session-level advisory lock on the
/// connection. SQLite: an open-file-description lock on a byte of
/// `<database file>-ecomflow-lock` beside it (the file's content is never
/// used; its lock is what counts). Both die with the process (or its
/// connection), so a crash never leaves a lock behind.

#include <chrono>
#include <optional>
#include <string_view>

#include "store/database.hpp"

namespace ecomflow {

/// What a lock guards: one per database and role.
enum class DatabaseLockRole {
  kRun,        ///< a `run` that writes the ledger, the warehouse and the history
  kScheduler,  ///< a `schedule` process
};

/// `run` or `scheduler`, for messages.
std::string_view database_lock_role_name(DatabaseLockRole role);

/// A held lock; released when destroyed or when its process ends. Must not
/// outlive the Database it was taken on.
class DatabaseLock {
 public:
  /// Takes the lock, waiting up to `wait` (0 = not at all) while another
  /// process holds it; nullopt when it is still held. Throws UserError when
  /// the database file cannot be opened for locking.
  static std::optional<DatabaseLock> acquire(Database& database, DatabaseLockRole role,
                                             std::chrono::milliseconds wait = std::chrono::milliseconds(0));
  /// True when another process holds the lock now (does not take it).
  static bool held_elsewhere(Database& database, DatabaseLockRole role);

  DatabaseLock(DatabaseLock&& other) noexcept
      : database_(other.database_), role_(other.role_), fd_(other.fd_) {
    other.database_ = nullptr;
    other.fd_ = -1;
  }
  DatabaseLock& operator=(DatabaseLock&&) = delete;
  ~DatabaseLock();

 private:
  DatabaseLock(Database* database, DatabaseLockRole role, int fd)
      : database_(database), role_(role), fd_(fd) {}
  Database* database_;  ///< PostgreSQL: the connection holding the advisory lock
  DatabaseLockRole role_;
  int fd_;  ///< SQLite: the descriptor holding the file lock
};

}  // namespace ecomflow
