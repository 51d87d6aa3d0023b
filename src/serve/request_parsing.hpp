#pragma once
/// Reading what a client sent: JSON bodies (simdjson) and query-string
/// values, with the reason when they are unusable, so handlers answer 400.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "serve/http_server.hpp"

namespace ecomflow {

/// The members of a JSON object body that the routes read.
struct JsonBody {
  bool valid = false;
  std::string error;  ///< why it is not usable (when !valid)
  /// Looks a member up: nullopt when absent.
  std::optional<std::string> string(const std::string& name) const;
  std::optional<int64_t> integer(const std::string& name) const;
  /// True when the member exists but is not of the type asked for.
  bool wrong_type(const std::string& name, bool want_integer) const;

  /// A top-level member: its JSON type and value (strings and integers only).
  struct Member {
    enum class Type { kString, kInteger, kOther } type = Type::kOther;
    std::string text;
    int64_t number = 0;
  };
  std::map<std::string, Member> members;
};

/// Parses a request body that must be one JSON object.
JsonBody parse_json_body(const std::string& body);

/// A query-string integer in [minimum, maximum]; `fallback` when absent;
/// nullopt (answer 400) when malformed or out of range.
std::optional<int64_t> query_integer(const HttpServer::Request& request, const std::string& name,
                                     int64_t fallback, int64_t minimum, int64_t maximum);

}  // namespace ecomflow
