#pragma once
/// A database connection behind one small interface: SQLite (embedded
/// default) or PostgreSQL. Everything in store/ and above speaks SQL through
/// this; backend differences stay inside the two implementations.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace ecomflow {

/// What the database refused, and whether trying the same work again can
/// succeed: transient for a lost connection, a server starting or stopping,
/// a lock held by another writer, a serialization failure or deadlock;
/// persistent for a missing table, a schema or type mismatch, a constraint,
/// a full disk, which stay until someone changes the database.
class DatabaseError : public UserError {
 public:
  DatabaseError(const std::string& message, bool transient) : UserError(message), transient_(transient) {}
  bool transient() const { return transient_; }

 private:
  bool transient_;
};

/// A query's result: column names and rows of nullable text values.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

/// Parameters for a statement: nullopt binds NULL.
using SqlParams = std::vector<std::optional<std::string>>;

/// Writes the rows of a bulk load one at a time: fill every column of `row`
/// (one text value per column, nullopt = NULL; it may still hold an earlier
/// row's values) and return true, or return false at the end.
using RowProducer = std::function<bool(std::vector<std::optional<std::string>>& row)>;

/// Whether opening may create a database that is not there yet.
enum class OpenMode {
  kCreate,    ///< commands that write (generate, catalog import, db migrate)
  kExisting,  ///< commands that read: a mistyped --db must not yield an empty database
};

/// One open connection. Not thread-safe: one per thread.
class Database {
 public:
  virtual ~Database() = default;

  /// Opens `sqlite:PATH`, `sqlite://PATH`, `postgresql://…` or `postgres://…`.
  /// Throws UserError naming the host and port (never the password) when the
  /// server cannot be reached, or, with OpenMode::kExisting, naming the SQLite
  /// file that does not exist; UsageError for an unknown scheme.
  static std::unique_ptr<Database> open(const std::string& url, OpenMode mode = OpenMode::kCreate);

  /// `sqlite` or `postgresql`.
  virtual std::string backend() const = 0;
  /// The URL with any password masked, for messages.
  virtual std::string display_name() const = 0;
  /// The file that holds the database (SQLite), empty for a server or in memory.
  virtual std::string file_path() const { return ""; }

  /// Runs one or more statements that return no rows.
  virtual void execute(const std::string& sql) = 0;
  /// Runs one statement with `$1`, `$2`, … placeholders (both backends) and
  /// returns its rows as text.
  virtual QueryResult query(const std::string& sql, const SqlParams& params = {}) = 0;

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  /// Loads many rows fast: COPY on PostgreSQL, prepared INSERTs of many rows
  /// each in the caller's transaction on SQLite. Returns the number of rows loaded.
  virtual int64_t bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                              const RowProducer& produce) = 0;

  /// True when the table exists (`schema.table` allowed on PostgreSQL).
  virtual bool table_exists(const std::string& table) = 0;
};

/// Runs `body` inside a transaction: commits when it returns, rolls back
/// and rethrows when it throws.
void with_transaction(Database& database, const std::function<void()>& body);

}  // namespace ecomflow
