#pragma once
/// Process-wide logging setup (spdlog to stderr, text or JSON lines).

#include <string>
#include <string_view>

namespace ecomflow {

/// Configures the default logger. `level` is trace|debug|info|warn|error|off,
/// `format` is text|json. JSON lines carry ts, level and msg keys.
void configure_logging(const std::string& level, const std::string& format);

/// `text` safe to show on one line of a terminal or log: control characters
/// (newline, escape, …), bytes that are not UTF-8 and backslashes become
/// `\n`, `\xHH`, `\\`; everything else is kept. For names from disk and
/// archives, which anyone who can write a file chooses.
std::string printable_text(std::string_view text);

/// Escapes a string for use inside a JSON string literal.
std::string json_escape(std::string_view text);

}  // namespace ecomflow
