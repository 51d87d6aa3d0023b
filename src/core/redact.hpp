#pragma once
/// Keeps secrets out of logs, errors and `ecomflow config`.

#include <string>
#include <string_view>

namespace ecomflow {

/// Replaces the password of a `scheme://user:password@host/...` URL (all of
/// it up to the URL's last '@', so an unencoded '@' or '/' in it never shows)
/// and a `password=` keyword value with `****`; other text is returned unchanged.
std::string redact_secrets(std::string_view text);

}  // namespace ecomflow
