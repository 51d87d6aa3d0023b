#pragma once
/// The embedded SQLite backend of Database.

#include <chrono>
#include <memory>

#include "store/database.hpp"
#include "store/database_url.hpp"

namespace ecomflow {

/// How long a connection waits for another process's write lock.
inline constexpr std::chrono::milliseconds kSqliteBusyTimeout{10'000};

/// Opens (creating the file and its parent directories) a SQLite database in
/// WAL mode with foreign keys on and a busy timeout. Throws UserError.
std::unique_ptr<Database> open_sqlite(const DatabaseUrl& url, bool create = true,
                                      std::chrono::milliseconds busy_timeout = kSqliteBusyTimeout);

}  // namespace ecomflow
