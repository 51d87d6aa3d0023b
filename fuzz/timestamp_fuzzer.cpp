// libFuzzer target: the timestamp and date parsers. A parsed timestamp must
// format and parse back to the same instant, with and without the date cache.
#include <cstdint>
#include <string_view>

#include "core/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ecomflow;
  static TimestampParser cached;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_timestamp(text);
  if (cached.parse(text) != parsed) __builtin_trap();
  if (parsed) {
    const std::string formatted = format_timestamp(*parsed);
    if (parse_timestamp(formatted) != parsed) __builtin_trap();
  }
  if (const auto day = parse_date(text.substr(0, 10))) {
    if (parse_date(format_date(*day)) != day) __builtin_trap();
  }
  return 0;
}
