#pragma once
/// A bounded pool of open database connections shared by request threads, so
/// a request never pays for a new connection.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace ecomflow {

class DatabasePool;

/// A connection borrowed from a DatabasePool; returned when it goes out of scope.
class PooledDatabase {
 public:
  PooledDatabase(DatabasePool* pool, std::unique_ptr<Database> database)
      : pool_(pool), database_(std::move(database)) {}
  PooledDatabase(PooledDatabase&& other) noexcept
      : pool_(std::exchange(other.pool_, nullptr)), database_(std::move(other.database_)) {}
  PooledDatabase& operator=(PooledDatabase&&) = delete;
  ~PooledDatabase();

  Database& operator*() const { return *database_; }
  Database* operator->() const { return database_.get(); }
  /// Drops the connection instead of returning it (after a lost connection).
  void discard() { database_.reset(); }

 private:
  DatabasePool* pool_;
  std::unique_ptr<Database> database_;
};

/// Opens connections to one URL lazily, up to `max_connections`; a borrower
/// waits when all are in use.
class DatabasePool {
 public:
  DatabasePool(std::string url, size_t max_connections);

  /// Borrows a connection, opening one if none is idle and the limit allows.
  /// Throws UserError when the database cannot be reached.
  PooledDatabase acquire();
  /// The URL with any password masked.
  const std::string& display_name() const { return display_name_; }
  /// `sqlite` or `postgresql`.
  const std::string& backend() const { return backend_; }

 private:
  friend class PooledDatabase;
  void release(std::unique_ptr<Database> database);

  const std::string url_;
  const size_t max_connections_;
  std::string display_name_;
  std::string backend_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Database>> idle_;  // guarded by mutex_
  size_t open_ = 0;                              // guarded by mutex_: idle + borrowed
};

}  // namespace ecomflow
