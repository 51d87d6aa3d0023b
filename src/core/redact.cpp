#include "core/redact.hpp"

namespace ecomflow {

std::string redact_secrets(std::string_view text) {
  std::string result(text);
  // URL form: scheme://user:password@host. A password may hold an
  // unencoded '@' or '/' (such a URL is refused, but still printed in the
  // refusal or by `config`): everything up to the last '@' of the URL, which
  // ends at white space, is masked, so no part of the password shows.
  for (size_t scheme = result.find("://"); scheme != std::string::npos;
       scheme = result.find("://", scheme + 3)) {
    const size_t authority = scheme + 3;
    size_t end = result.find_first_of(" \t\r\n", authority);
    if (end == std::string::npos) end = result.size();
    const size_t at = end == authority ? std::string::npos : result.rfind('@', end - 1);
    if (at == std::string::npos || at < authority) continue;
    const size_t colon = result.find(':', authority);
    const bool has_password = colon != std::string::npos && colon < at;
    // Without a password, an '@' after the path is not user information.
    if (!has_password && result.find('/', authority) < at) continue;
    const size_t password_at = has_password ? colon + 1 : authority;
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
