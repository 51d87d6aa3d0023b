#include "commerce/database_pool.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "store/database_url.hpp"

namespace ecomflow {

PooledDatabase::~PooledDatabase() {
  if (pool_ == nullptr) return;  // moved from
  try {
    if (database_) database_->rollback();  // a borrower that threw may have left a transaction open
  } catch (const std::exception&) {
    database_.reset();  // a connection that cannot roll back is not reused
  }
  pool_->release(std::move(database_));
}

DatabasePool::DatabasePool(std::string url, size_t max_connections)
    : url_(std::move(url)), max_connections_(std::max<size_t>(1, max_connections)) {
  const DatabaseUrl parsed = parse_database_url(url_);
  display_name_ = parsed.display_name();
  backend_ = parsed.backend == DatabaseUrl::Backend::kPostgres ? "postgresql" : "sqlite";
}

PooledDatabase DatabasePool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
  if (!idle_.empty()) {
    std::unique_ptr<Database> database = std::move(idle_.back());
    idle_.pop_back();
    return PooledDatabase(this, std::move(database));
  }
  ++open_;
  lock.unlock();
  try {
    std::unique_ptr<Database> database = Database::open(url_);
    // The shop commits often and little. SQLite's own checkpoint after such
    // a commit keeps the log bounded; the store's checkpoint in a background
    // thread (made for large loads) never catches up with a stream of small
    // commits, so the log would grow without end and every read and write
    // get slower. The pragma puts SQLite's checkpoint back, at a limit
    // (10,000 pages, ~40 MiB) that makes its two fsyncs rare. The journals
    // of savepoints (a checkout inside a batch of cart changes) stay in
    // memory instead of a temporary file made and deleted each time.
    if (backend_ == "sqlite")
      database->execute("PRAGMA wal_autocheckpoint = 10000; PRAGMA temp_store = MEMORY");
    return PooledDatabase(this, std::move(database));
  } catch (...) {
    lock.lock();
    --open_;
    available_.notify_one();
    throw;
  }
}

void DatabasePool::release(std::unique_ptr<Database> database) {
  std::lock_guard lock(mutex_);
  if (database)
    idle_.push_back(std::move(database));
  else
    --open_;
  available_.notify_one();
}

}  // namespace ecomflow
