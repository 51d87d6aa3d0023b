#pragma once
/// Process-wide logging setup (spdlog to stderr, text or JSON lines).

#include <string>

namespace ecomflow {

/// Configures the default logger. `level` is trace|debug|info|warn|error|off,
/// `format` is text|json. JSON lines carry ts, level and msg keys.
void configure_logging(const std::string& level, const std::string& format);

/// Escapes a string for use inside a JSON string literal.
std::string json_escape(std::string_view text);

}  // namespace ecomflow
