#pragma once
/// The PostgreSQL backend of Database (libpqxx over libpq).

#include <memory>

#include "store/database.hpp"
#include "store/database_url.hpp"

namespace ecomflow {

/// Connects to PostgreSQL. Throws UserError naming host, port, database and
/// user (never the password) with libpq's reason when that fails.
std::unique_ptr<Database> open_postgres(const DatabaseUrl& url);

}  // namespace ecomflow
