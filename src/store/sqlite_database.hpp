#pragma once
/// The embedded SQLite backend of Database.

#include <memory>

#include "store/database.hpp"
#include "store/database_url.hpp"

namespace ecomflow {

/// Opens (creating the file and its parent directories) a SQLite database in
/// WAL mode with foreign keys on and a busy timeout. Throws UserError.
std::unique_ptr<Database> open_sqlite(const DatabaseUrl& url, bool create = true);

}  // namespace ecomflow
