#pragma once
/// A printable excerpt of bytes that may be binary, for quarantined files.

#include <string>
#include <string_view>

namespace ecomflow {

/// The first bytes of `bytes` as text: printable ASCII kept, backslash doubled,
/// everything else as `\xNN`; at most kMaxQuarantinedFileBytes characters.
std::string binary_excerpt(std::string_view bytes);

}  // namespace ecomflow
