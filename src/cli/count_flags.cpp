/// Checks for flags that count things (--limit N): a whole number in range,
/// with a message in words rather than CLI11's floating-point range.

#include <charconv>

#include "cli/command.hpp"

namespace ecomflow {

CLI::Validator whole_number_at_least(long long minimum) {
  return CLI::Validator(
      [minimum](std::string& text) -> std::string {
        long long value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error != std::errc() || end != text.data() + text.size() || value < minimum)
          return "must be a whole number of at least " + std::to_string(minimum) + ", not '" + text + "'";
        return "";
      },
      "N>=" + std::to_string(minimum));
}

}  // namespace ecomflow
