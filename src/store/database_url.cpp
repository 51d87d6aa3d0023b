#include "store/database_url.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/redact.hpp"

namespace ecomflow {
namespace {

[[noreturn]] void unsupported(const std::string& url) {
  throw UsageError(
      fmt::format("unsupported database URL '{}': use sqlite:PATH or postgresql://user:pass@host:port/db",
                  redact_secrets(url)));
}

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

int hex_value(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
  return -1;
}

std::string percent_decode(const std::string& text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool escaped =
        text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0;
    if (!escaped) {
      decoded += text[i];
      continue;
    }
    decoded += char(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
    i += 2;
  }
  return decoded;
}

/// A user name or password holding '@', '/', '?' or '#' unencoded makes
/// the URL mean different things to different parsers (libpq splits at the
/// first '@', others at the last): refused, never guessed.
void refuse_ambiguous(const std::string& url, size_t authority_start) {
  const size_t query_start = url.find_first_of("?#", authority_start);
  const std::string before_query = url.substr(authority_start, query_start - authority_start);
  const size_t first_at = before_query.find('@');
  const size_t authority_end = url.find_first_of("/?#", authority_start);
  const std::string authority = url.substr(authority_start, authority_end - authority_start);
  // Two '@' before the query, or an authority cut short by a '/', '?' or
  // '#' of the password ("u:p/ss@host": "host" u, "port" p) with an '@' after it.
  bool ambiguous = first_at != std::string::npos && before_query.find('@', first_at + 1) != std::string::npos;
  const size_t colon = authority.rfind(':');
  if (!ambiguous && authority.find('@') == std::string::npos && !authority.starts_with("[") &&
      colon != std::string::npos && url.find('@', authority_end) != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    ambiguous = port.empty() || port.find_first_not_of("0123456789") != std::string::npos;
  }
  if (!ambiguous) return;
  throw UsageError(fmt::format(
      "ambiguous database URL '{}': its user name or password holds '@', '/', '?' or '#' unencoded. "
      "Percent-encode them in the URL: '@' as %40, '/' as %2F, '?' as %3F, '#' as %23, ':' as %3A, '%' as "
      "%25 (e.g. postgresql://shop:p%40ss@db.example.com/shop)",
      redact_secrets(url)));
}

DatabaseUrl parse_postgres(const std::string& url, size_t authority_start) {
  refuse_ambiguous(url, authority_start);
  DatabaseUrl parsed;
  parsed.backend = DatabaseUrl::Backend::kPostgres;
  parsed.original = url;
  const size_t path_start = url.find_first_of("/?", authority_start);
  std::string authority = url.substr(authority_start, path_start - authority_start);
  // What messages show: the URL as parsed, the password (if any) masked.
  const size_t user_end = authority.find('@');
  parsed.display = url.substr(0, authority_start);
  if (user_end != std::string::npos) {
    const std::string user_info = authority.substr(0, user_end);
    const size_t colon = user_info.find(':');
    parsed.display += user_info.substr(0, colon) + (colon == std::string::npos ? "" : ":****") + "@";
  }
  parsed.display +=
      redact_secrets(url.substr(authority_start + (user_end == std::string::npos ? 0 : user_end + 1)));
  if (path_start != std::string::npos && url[path_start] == '/') {
    const size_t query_start = url.find('?', path_start);
    parsed.database = percent_decode(url.substr(path_start + 1, query_start - path_start - 1));
  }
  const size_t at = authority.rfind('@');
  if (at != std::string::npos) {
    const std::string user_info = authority.substr(0, at);
    parsed.user = percent_decode(user_info.substr(0, user_info.find(':')));
    authority = authority.substr(at + 1);
  }
  std::string host = authority;
  if (starts_with(authority, "[")) {  // [::1]:5432
    const size_t close = authority.find(']');
    if (close == std::string::npos) unsupported(url);
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      parsed.port = authority.substr(close + 2);
  } else if (const size_t colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    parsed.port = authority.substr(colon + 1);
  }
  parsed.host = host.empty() ? "localhost" : percent_decode(host);
  if (parsed.port.empty()) parsed.port = "5432";
  if (parsed.port.find_first_not_of("0123456789") != std::string::npos) unsupported(url);
  return parsed;
}

}  // namespace

std::string DatabaseUrl::display_name() const {
  if (backend == Backend::kSqlite) return "sqlite:" + sqlite_path;
  return display;
}

std::string DatabaseUrl::host_port() const { return host + ":" + port; }

DatabaseUrl parse_database_url(const std::string& url) {
  if (starts_with(url, "postgresql://")) return parse_postgres(url, 13);
  if (starts_with(url, "postgres://")) return parse_postgres(url, 11);
  if (!starts_with(url, "sqlite:")) unsupported(url);
  DatabaseUrl parsed;
  parsed.original = url;
  // sqlite://data/x.db is relative and sqlite:///abs/x.db absolute: after
  // the `//` the rest is the path either way.
  parsed.sqlite_path = starts_with(url, "sqlite://") ? url.substr(9) : url.substr(7);
  if (parsed.sqlite_path.empty()) unsupported(url);
  return parsed;
}

}  // namespace ecomflow
