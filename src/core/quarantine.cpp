#include "core/quarantine.hpp"

namespace ecomflow {

namespace {
constexpr std::string_view kReasonNames[kQuarantineReasonCount] = {
    "not_an_object",   "bad_timestamp", "missing_field",  "unknown_event_type", "unknown_customer",
    "unknown_product", "bad_quantity",  "malformed_json", "corrupt_archive",    "unsupported_entry"};
}

std::string_view quarantine_reason_name(QuarantineReason reason) { return kReasonNames[int(reason)]; }

std::optional<QuarantineReason> parse_quarantine_reason(std::string_view name) {
  for (int i = 0; i < kQuarantineReasonCount; ++i)
    if (kReasonNames[i] == name) return QuarantineReason(i);
  return std::nullopt;
}

}  // namespace ecomflow
