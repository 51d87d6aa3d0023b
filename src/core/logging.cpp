#include "core/logging.hpp"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <map>
#include <mutex>
#include "core/quarantine.hpp"

namespace ecomflow {
namespace {

/// `%k`: the log message on one line, control characters escaped, so that a
/// name in it cannot start a forged line or drive the terminal.
class PrintableMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& out) override {
    const std::string text = printable_text(std::string_view(message.payload.data(), message.payload.size()));
    out.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PrintableMessageFlag>();
  }
};

/// `%j`: the log message, escaped for a JSON string.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& out) override {
    const std::string escaped = json_escape(std::string_view(message.payload.data(), message.payload.size()));
    out.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

/// The fields set_log_field added, as `,"key":value` text ready to append.
/// Workers log while the main thread changes them: the lock guards `fields`.
struct LogFields {
  std::mutex lock;
  std::map<std::string, std::string> fields;  ///< key → JSON value text
};

LogFields& log_fields() {
  static LogFields instance;
  return instance;
}

/// `%F`: the log fields, each as `,"key":value`.
class JsonFieldsFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& out) override {
    LogFields& state = log_fields();
    std::lock_guard guard(state.lock);
    for (const auto& [key, value] : state.fields) {
      const std::string field = fmt::format(",\"{}\":{}", key, value);
      out.append(field.data(), field.data() + field.size());
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonFieldsFlag>(); }
};

void set_field_text(const std::string& key, std::string value) {
  LogFields& state = log_fields();
  std::lock_guard guard(state.lock);
  if (value.empty())
    state.fields.erase(key);
  else
    state.fields[key] = std::move(value);
}

}  // namespace

void set_log_field(const std::string& key, std::string_view text) {
  set_field_text(key, text.empty() ? std::string() : fmt::format("\"{}\"", json_escape(text)));
}

void set_log_field(const std::string& key, int64_t number) { set_field_text(key, std::to_string(number)); }

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // JSON is UTF-8: a byte that starts no well-formed sequence (a request
      // path with %FF, a name from a zip) becomes U+FFFD, or the document
      // would not parse.
      const size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out += "\\ufffd";
      } else {
        out.append(text.substr(i, length));
        i += length - 1;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += char(c);
    }
  }
  return out;
}

std::string printable_text(std::string_view text) {
  constexpr char kHexDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      // Keep a whole UTF-8 sequence; a stray or broken byte is shown in hex.
      size_t length = 1;
      while (length < 4 && i + length < text.size() && (text[i + length] & 0xC0) == 0x80) ++length;
      if (length > 1 && is_storable_text(text.substr(i, length))) {
        out.append(text.substr(i, length));
        i += length;
        continue;
      }
    }
    if (byte == '\\') {
      out += "\\\\";
    } else if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += kHexDigits[byte >> 4];
      out += kHexDigits[byte & 0xf];
    } else {
      out += char(byte);
    }
    ++i;
  }
  return out;
}

void configure_logging(const std::string& level, const std::string& format) {
  auto logger =
      std::make_shared<spdlog::logger>("ecomflow", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (format == "json") {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonMessageFlag>('j');
    formatter->add_flag<JsonFieldsFlag>('F').set_pattern(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","msg":"%j"%F})");
    logger->set_formatter(std::move(formatter));
  } else {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<PrintableMessageFlag>('k').set_pattern("%^%L %H:%M:%S.%e%$ %k");
    logger->set_formatter(std::move(formatter));
  }
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

}  // namespace ecomflow
