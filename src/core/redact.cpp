#include "core/redact.hpp"

namespace ecomflow {

std::string redact_secrets(std::string_view text) {
  std::string result(text);
  // URL form: scheme://user:password@host
  for (size_t scheme = result.find("://"); scheme != std::string::npos;
       scheme = result.find("://", scheme + 3)) {
    const size_t authority = scheme + 3;
    const size_t at = result.find('@', authority);
    const size_t slash = result.find('/', authority);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) continue;
    const size_t colon = result.find(':', authority);
    const size_t password_at = colon != std::string::npos && colon < at ? colon + 1 : authority;
    if (password_at == at) continue;
    result.replace(password_at, at - password_at, "****");
  }
  // keyword form: password=secret
  for (size_t key = result.find("password="); key != std::string::npos;
       key = result.find("password=", key + 1)) {
    const size_t value = key + 9;
    size_t end = result.find_first_of(" &;", value);
    if (end == std::string::npos) end = result.size();
    result.replace(value, end - value, "****");
  }
  return result;
}

}  // namespace ecomflow
