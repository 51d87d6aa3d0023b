#include "store/copy_text.hpp"

namespace ecomflow {

void append_copy_row(std::string& buffer, const std::vector<std::optional<std::string>>& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i != 0) buffer += '\t';
    if (!row[i]) {
      buffer += "\\N";
      continue;
    }
    const std::string& value = *row[i];
    size_t plain_start = 0;
    for (size_t j = 0; j < value.size(); ++j) {
      const char c = value[j];
      const char* escape = c == '\\'   ? "\\\\"
                           : c == '\t' ? "\\t"
                           : c == '\n' ? "\\n"
                           : c == '\r' ? "\\r"
                                       : nullptr;
      if (!escape) continue;
      buffer.append(value, plain_start, j - plain_start);
      buffer += escape;
      plain_start = j + 1;
    }
    buffer.append(value, plain_start, std::string::npos);
  }
  buffer += '\n';
}

}  // namespace ecomflow
