#include "ingest/binary_excerpt.hpp"

#include "core/quarantine.hpp"

namespace ecomflow {

std::string binary_excerpt(std::string_view bytes) {
  constexpr char kHexDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(std::min(bytes.size(), kMaxQuarantinedFileBytes));
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    const bool printable = (byte >= 0x20 && byte < 0x7f) || byte == '\n' || byte == '\t';
    const size_t width = !printable ? 4 : byte == '\\' ? 2 : 1;
    if (text.size() + width > kMaxQuarantinedFileBytes) break;
    if (!printable) {
      text += "\\x";
      text += kHexDigits[byte >> 4];
      text += kHexDigits[byte & 0xf];
    } else if (byte == '\\') {
      text += "\\\\";
    } else {
      text += c;
    }
  }
  return text;
}

}  // namespace ecomflow
