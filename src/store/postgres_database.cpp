#include "store/postgres_database.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <pqxx/pqxx>
#include <unordered_map>

#include "core/error.hpp"
#include "core/redact.hpp"
#include "store/copy_text.hpp"
#include "store/sql_text.hpp"

namespace ecomflow {
namespace {

/// Rows are handed to libpq in chunks of about this many bytes.
constexpr size_t kCopyChunkBytes = 1 << 20;

/// pqxx's direct connection policy, keeping the libpq handle so COPY data
/// can go straight to PQputCopyData in large chunks (pqxx 6 writes one
/// call per row through stream_to, with its own per-field escaping).
class HandleKeepingPolicy final : public pqxx::connect_direct {
 public:
  using pqxx::connect_direct::connect_direct;
  handle do_startconnect(handle original) override {
    handle_ = pqxx::connect_direct::do_startconnect(original);
    return handle_;
  }
  handle do_dropconnect(handle original) noexcept override {
    handle_ = nullptr;
    return pqxx::connect_direct::do_dropconnect(original);
  }
  handle do_disconnect(handle original) noexcept override {
    handle_ = nullptr;
    return pqxx::connect_direct::do_disconnect(original);
  }
  PGconn* raw() const { return handle_; }

 private:
  handle handle_ = nullptr;
};

/// pqxx::connection with access to its libpq handle (same shape as
/// pqxx::basic_connection_base, which keeps its policy private).
class Connection final : public pqxx::connection_base {
 public:
  explicit Connection(const std::string& options)
      : pqxx::connection_base(policy_), options_(options), policy_(options_) {
    init();
  }
  ~Connection() noexcept { close(); }
  PGconn* raw() const { return policy_.raw(); }

 private:
  std::string options_;  // must be constructed before policy_
  HandleKeepingPolicy policy_;
};

/// libpq's reason on one line, without the password and without the
/// "connection to server at …, port … failed:" we already say ourselves.
std::string connection_reason(const std::string& message) {
  std::string reason;
  bool in_space = true;
  for (const char c : message) {
    // libpq puts a hint on its own line: keep it a sentence of its own.
    if (c == '\n' && !reason.empty() && reason.back() != '.' && reason.back() != ':' && reason.back() != '?')
      reason += '.';
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && in_space) continue;
    in_space = space;
    reason += space ? ' ' : c;
  }
  while (!reason.empty() && (reason.back() == ' ' || reason.back() == '.')) reason.pop_back();
  if (reason.rfind("connection to server", 0) == 0) {
    const size_t failed = reason.find(" failed: ");
    if (failed != std::string::npos) reason = reason.substr(failed + 9);
  }
  if (reason.rfind("FATAL: ", 0) == 0) reason = reason.substr(7);
  return redact_secrets(reason);
}

/// SQLSTATEs after which the same statements can succeed when tried again:
/// connection exceptions (class 08), serialization failure, deadlock, too
/// many connections, a lock not available, and a server shutting down or
/// starting up.
bool transient_sqlstate(const std::string& state) {
  if (state.rfind("08", 0) == 0) return true;
  for (const char* code : {"40001", "40P01", "53300", "55P03", "57P01", "57P02", "57P03"})
    if (state == code) return true;
  return false;
}

/// Whether a failed connection attempt can succeed later (a server down or
/// starting up) rather than needing a change (no such database or role, a
/// refused password).
bool transient_connect_failure(const std::string& reason) {
  for (const char* lasting : {"does not exist", "authentication failed", "pg_hba.conf", "permission denied"})
    if (reason.find(lasting) != std::string::npos) return false;
  return true;
}

std::string with_default_options(const std::string& url) {
  std::string options;
  if (url.find("connect_timeout=") == std::string::npos) options += "connect_timeout=10";
  if (url.find("application_name=") == std::string::npos)
    options += (options.empty() ? "" : "&") + std::string("application_name=ecomflow");
  if (options.empty()) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + options;
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(DatabaseUrl url, std::unique_ptr<Connection> connection)
      : url_(std::move(url)), connection_(std::move(connection)) {}

  std::string backend() const override { return "postgresql"; }
  std::string display_name() const override { return url_.display_name(); }

  void execute(const std::string& sql) override {
    run(sql, [&](pqxx::transaction_base& transaction) { return transaction.exec(sql); });
  }

  QueryResult query(const std::string& sql, const SqlParams& params) override {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
    const std::string* name = prepared_name(sql);
    const pqxx::result rows = run(sql, [&](pqxx::transaction_base& transaction) {
      if (name == nullptr) return transaction.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
      return transaction.exec_prepared(*name, pqxx::prepare::make_dynamic_params(values));
    });
    QueryResult result;
    const auto column_count = rows.columns();
    for (pqxx::row_size_type i = 0; i < column_count; ++i) result.columns.emplace_back(rows.column_name(i));
    result.rows.reserve(rows.size());
    for (const auto& row : rows) {
      auto& out = result.rows.emplace_back(column_count);
      for (pqxx::row_size_type i = 0; i < column_count; ++i)
        if (!row[i].is_null()) out[i].emplace(row[i].c_str(), row[i].size());
    }
    return result;
  }

  void begin() override {
    ECOMFLOW_CHECK(!transaction_);
    // BEGIN is the first thing a server restart between transactions breaks.
    translate_errors("BEGIN", [&] { transaction_ = std::make_unique<pqxx::work>(*connection_); });
  }
  void commit() override {
    ECOMFLOW_CHECK(transaction_);
    auto transaction = std::move(transaction_);
    translate_errors("COMMIT", [&] { transaction->commit(); });
  }
  void rollback() override {
    if (!transaction_) return;
    auto transaction = std::move(transaction_);
    transaction->abort();
  }

  int64_t bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                      const RowProducer& produce) override {
    const std::string sql =
        fmt::format("COPY {} ({}) FROM STDIN", quote_table_name(table), quoted_column_list(columns));
    std::unique_ptr<pqxx::work> own_transaction;
    int64_t count = 0;
    translate_errors(sql, [&] {
      if (!transaction_) own_transaction = std::make_unique<pqxx::work>(*connection_);
      pqxx::work& transaction = transaction_ ? *transaction_ : *own_transaction;
      transaction.exec(sql);
      count = copy_rows(columns.size(), produce, sql);
      if (own_transaction) own_transaction->commit();
    });
    return count;
  }

  bool table_exists(const std::string& table) override {
    const auto result = query("SELECT to_regclass($1) IS NOT NULL", {table});
    return result.rows.at(0).at(0).value_or("f") == "t";
  }

 private:
  template <typename Body>
  void translate_errors(const std::string& sql, const Body& body) {
    try {
      body();
    } catch (const pqxx::broken_connection& error) {
      transaction_.reset();
      throw DatabaseError(fmt::format("lost connection to PostgreSQL at {}: {}", url_.host_port(),
                                      connection_reason(error.what())),
                          true);
    } catch (const pqxx::failure& error) {
      std::string message = first_line(error.what());
      if (message.rfind("ERROR:", 0) == 0) message = first_line(message.substr(6));
      const auto* sql_error = dynamic_cast<const pqxx::sql_error*>(&error);
      // A COMMIT whose outcome the server never confirmed is tried again like a lost connection.
      const bool transient = dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr ||
                             (sql_error != nullptr && transient_sqlstate(sql_error->sqlstate()));
      throw DatabaseError(fmt::format("PostgreSQL error in {}: {} (statement: {})", display_name(),
                                      redact_secrets(message), statement_excerpt(sql)),
                          transient);
    }
  }

  template <typename Exec>
  pqxx::result run(const std::string& sql, const Exec& exec) {
    pqxx::result result;
    translate_errors(sql, [&] {
      if (transaction_) {
        result = exec(*transaction_);
      } else {
        pqxx::nontransaction transaction(*connection_);
        result = exec(transaction);
      }
    });
    return result;
  }

  /// Streams rows after `COPY … FROM STDIN` was accepted; returns the count.
  int64_t copy_rows(size_t column_count, const RowProducer& produce, const std::string& sql) {
    PGconn* handle = connection_->raw();
    ECOMFLOW_CHECK(handle != nullptr);
    std::string buffer;
    buffer.reserve(kCopyChunkBytes + 4096);
    std::vector<std::optional<std::string>> row(column_count);
    int64_t count = 0;
    try {
      while (produce(row)) {
        ECOMFLOW_CHECK_EQ(row.size(), column_count);
        append_copy_row(buffer, row);
        ++count;
        if (buffer.size() >= kCopyChunkBytes) {
          put_copy_data(handle, buffer);
          buffer.clear();
        }
      }
      put_copy_data(handle, buffer);
    } catch (...) {
      // Leave the connection usable: end the COPY as failed before rethrowing.
      PQputCopyEnd(handle, "bulk load aborted");
      while (PGresult* result = PQgetResult(handle)) PQclear(result);
      throw;
    }
    if (PQputCopyEnd(handle, nullptr) != 1) throw pqxx::broken_connection(PQerrorMessage(handle));
    std::string error, sqlstate;
    while (PGresult* result = PQgetResult(handle)) {
      if (PQresultStatus(result) != PGRES_COMMAND_OK && error.empty()) {
        error = PQresultErrorMessage(result);
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        sqlstate = state ? state : "";
      }
      PQclear(result);
    }
    if (!error.empty()) throw pqxx::sql_error(error, sql, sqlstate.c_str());
    return count;
  }

  static void put_copy_data(PGconn* handle, const std::string& buffer) {
    if (buffer.empty()) return;
    if (PQputCopyData(handle, buffer.data(), int(buffer.size())) != 1)
      throw pqxx::broken_connection(PQerrorMessage(handle));
  }

  /// The name under which `sql` is prepared on this connection (parsed and
  /// planned by the server once, not on every call: the shop runs the same
  /// few statements thousands of times), or null once the cache is full and
  /// `sql` is not in it, for text built per call.
  const std::string* prepared_name(const std::string& sql) {
    constexpr size_t kMaxPreparedStatements = 128;
    if (const auto found = prepared_.find(sql); found != prepared_.end()) return &found->second;
    if (prepared_.size() >= kMaxPreparedStatements) return nullptr;
    std::string name = fmt::format("ecomflow_{}", prepared_.size());
    connection_->prepare(name, sql);  // pqxx prepares it on the server at its first use
    return &prepared_.emplace(sql, std::move(name)).first->second;
  }

  DatabaseUrl url_;
  std::unique_ptr<Connection> connection_;
  std::unique_ptr<pqxx::work> transaction_;
  std::unordered_map<std::string, std::string> prepared_;  ///< statement text → prepared name
};

}  // namespace

std::unique_ptr<Database> open_postgres(const DatabaseUrl& url) {
  std::unique_ptr<Connection> connection;
  try {
    connection = std::make_unique<Connection>(with_default_options(url.original));
  } catch (const std::exception& error) {
    std::string reason = connection_reason(error.what());
    if (reason.find("database \"") != std::string::npos && reason.find("does not exist") != std::string::npos)
      reason += " (create it with CREATE DATABASE or createdb)";
    const bool transient = transient_connect_failure(reason);
    throw DatabaseError(fmt::format("cannot connect to PostgreSQL at {} (database {}, user {}): {}",
                                    url.host_port(), url.database.empty() ? "(default)" : url.database,
                                    url.user.empty() ? "(default)" : url.user, reason),
                        transient);
  }
  auto database = std::make_unique<PostgresDatabase>(url, std::move(connection));
  // Stable text forms for every session: ISO dates, UTC timestamps, UTF-8,
  // and no NOTICE chatter from CREATE … IF NOT EXISTS on stderr.
  database->execute(
      "SET client_min_messages = warning; SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; "
      "SET client_encoding = 'UTF8'");
  return database;
}

}  // namespace ecomflow
