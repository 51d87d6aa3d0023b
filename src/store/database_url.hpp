#pragma once
/// The `--db` URL: which backend, where, and how to name it in messages
/// without its password.

#include <string>

namespace ecomflow {

/// A parsed database URL.
struct DatabaseUrl {
  /// Which implementation opens it.
  enum class Backend { kSqlite, kPostgres };

  Backend backend = Backend::kSqlite;
  std::string original;     ///< the URL as given (may hold a password: never print it)
  std::string sqlite_path;  ///< SQLite: the file path, or `:memory:`
  std::string user;         ///< PostgreSQL parts, percent-decoded; empty = libpq default
  std::string host;         ///< `localhost` when absent
  std::string port;         ///< `5432` when absent
  std::string database;     ///< empty = libpq default (the user name)
  std::string display;      ///< PostgreSQL: the URL as parsed, its password masked

  /// The URL with any password masked.
  std::string display_name() const;
  /// `host:port`, the way connection errors name the server.
  std::string host_port() const;
};

/// Parses `sqlite:PATH`, `sqlite://PATH`, `sqlite:///abs/path`, `sqlite::memory:`,
/// `postgresql://user:pass@host:port/db?options` and `postgres://…`.
/// Throws UsageError for anything else, and for a URL whose user name or
/// password holds an unencoded '@', '/', '?' or '#' (saying how to encode it).
DatabaseUrl parse_database_url(const std::string& url);

}  // namespace ecomflow
