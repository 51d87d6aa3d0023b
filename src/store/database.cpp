#include "store/database.hpp"

#include "store/database_url.hpp"
#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"

namespace ecomflow {

std::unique_ptr<Database> Database::open(const std::string& url, OpenMode mode) {
  const DatabaseUrl parsed = parse_database_url(url);
  if (parsed.backend == DatabaseUrl::Backend::kPostgres) return open_postgres(parsed);
  return open_sqlite(parsed, mode == OpenMode::kCreate);
}

void with_transaction(Database& database, const std::function<void()>& body) {
  database.begin();
  try {
    body();
    // A failed COMMIT (SQLite busy, a deferred constraint) must not leave the transaction open.
    database.commit();
  } catch (...) {
    database.rollback();
    throw;
  }
}

}  // namespace ecomflow
