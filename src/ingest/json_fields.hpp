#pragma once
/// The contract fields as JSON keys, shared by the JSON array and NDJSON decoders.

#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "ingest/raw_record.hpp"

namespace ecomflow {

/// A key of the event contract; the value is its bit in a "seen" mask.
enum class ContractField : uint8_t {
  kTimestamp,
  kCustomerId,
  kEventType,
  kProductId,
  kEventId,
  kSessionId,
  kQuantity,
  kOther,
};

/// The contract field a JSON key names (exact, case-sensitive), or kOther.
inline ContractField contract_field(std::string_view key) {
  switch (key.size()) {
    case 8:
      if (key == "quantity") return ContractField::kQuantity;
      if (key == "event_id") return ContractField::kEventId;
      break;
    case 9:
      if (key == "timestamp") return ContractField::kTimestamp;
      break;
    case 10:
      if (key == "event_type") return ContractField::kEventType;
      if (key == "product_id") return ContractField::kProductId;
      if (key == "session_id") return ContractField::kSessionId;
      break;
    case 11:
      if (key == "customer_id") return ContractField::kCustomerId;
      break;
  }
  return ContractField::kOther;
}

/// The string slot of `record` for a contract field other than quantity.
inline RawField& contract_string_field(RawRecord& record, ContractField field) {
  switch (field) {
    case ContractField::kTimestamp:
      return record.timestamp;
    case ContractField::kCustomerId:
      return record.customer_id;
    case ContractField::kEventType:
      return record.event_type;
    case ContractField::kProductId:
      return record.product_id;
    case ContractField::kEventId:
      return record.event_id;
    case ContractField::kSessionId:
      return record.session_id;
    default:
      break;
  }
  ECOMFLOW_CHECK(!"quantity and unknown keys have no string slot");
  return record.timestamp;
}

}  // namespace ecomflow
