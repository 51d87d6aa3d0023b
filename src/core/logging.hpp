#pragma once
/// Process-wide logging setup (spdlog to stderr, text or JSON lines).

#include <cstdint>
#include <string>
#include <string_view>

namespace ecomflow {

/// Configures the default logger. `level` is trace|debug|info|warn|error|off,
/// `format` is text|json. JSON lines carry ts, level and msg keys.
void configure_logging(const std::string& level, const std::string& format);

/// Adds a field to every JSON log line from now on (`"run_id":3`,
/// `"stage":"load"`), replacing an earlier value of the same key; an empty
/// text removes it. Text lines are unchanged.
void set_log_field(const std::string& key, std::string_view text);
/// The same for a number.
void set_log_field(const std::string& key, int64_t number);
/// `text` safe to show on one line of a terminal or log: control characters
/// (newline, escape, …), bytes that are not UTF-8 and backslashes become
/// `\n`, `\xHH`, `\\`; everything else is kept. For names from disk and
/// archives, which anyone who can write a file chooses.
std::string printable_text(std::string_view text);

/// Escapes a string for use inside a JSON string literal; bytes that are not
/// UTF-8 become U+FFFD, so the document always parses.
std::string json_escape(std::string_view text);

}  // namespace ecomflow
