#include "validate/contract.hpp"

namespace ecomflow {
namespace {

bool present_string(const RawField& field) {
  return field.state == FieldState::kString && !field.value.empty();
}

bool reject(Rejection& rejection, QuarantineReason reason, std::string_view detail) {
  rejection = {reason, detail};
  return false;
}

/// The rules; `parse` turns the timestamp text into a time.
template <typename ParseTime>
bool check_record(const RawRecord& record, const ContractLimits& limits, ParseTime&& parse,
                  CheckedRecord& out, Rejection& rejection) {
  if (!record.is_object)
    return reject(rejection, QuarantineReason::kNotAnObject, "record is not a JSON object");
  // Readers disagree on which of two values for one key counts (first, last,
  // or an error): the record is set aside rather than guessed at.
  if (record.duplicate_field)
    return reject(rejection, QuarantineReason::kDuplicateField, "a contract field appears more than once");

  switch (record.timestamp.state) {
    case FieldState::kAbsent:
    case FieldState::kNull:
      return reject(rejection, QuarantineReason::kMissingField, "timestamp is missing");
    case FieldState::kOther:
      return reject(rejection, QuarantineReason::kBadTimestamp, "timestamp is not a string");
    case FieldState::kString:
      break;
  }
  const auto time = parse(record.timestamp.value);
  if (!time) return reject(rejection, QuarantineReason::kBadTimestamp, "timestamp is not ISO-8601");
  if (*time < limits.earliest_time || *time >= limits.end_time)
    return reject(rejection, QuarantineReason::kBadTimestamp, "timestamp is outside the valid date range");

  if (!present_string(record.customer_id))
    return reject(rejection, QuarantineReason::kMissingField,
                  "customer_id is missing or not a non-empty string");

  if (record.event_type.state == FieldState::kAbsent || record.event_type.state == FieldState::kNull)
    return reject(rejection, QuarantineReason::kMissingField, "event_type is missing");
  const auto type = record.event_type.state == FieldState::kString ? parse_event_type(record.event_type.value)
                                                                   : std::nullopt;
  if (!type) return reject(rejection, QuarantineReason::kUnknownEventType, "event_type is not a known type");

  const bool has_product = *type != EventType::kPageView;
  if (has_product && !present_string(record.product_id))
    return reject(rejection, QuarantineReason::kMissingField,
                  "product_id is missing or not a non-empty string");

  int64_t quantity = 0;
  const bool counts_units =
      *type == EventType::kPurchase || *type == EventType::kAddToCart || *type == EventType::kRemoveFromCart;
  if (counts_units) {
    switch (record.quantity_state) {
      case QuantityState::kAbsent:
        if (*type == EventType::kPurchase)
          return reject(rejection, QuarantineReason::kMissingField, "quantity is missing on a purchase");
        quantity = 1;
        break;
      case QuantityState::kInvalid:
        return reject(rejection, QuarantineReason::kBadQuantity, "quantity is not a JSON integer");
      case QuantityState::kInteger:
        quantity = record.quantity;
        if (quantity < 1 || quantity > limits.max_quantity)
          return reject(rejection, QuarantineReason::kBadQuantity, "quantity is out of range");
        break;
    }
  }

  out.time = *time;
  out.type = *type;
  out.quantity = int32_t(quantity);
  out.customer_id = record.customer_id.value;
  out.product_id = has_product ? record.product_id.value : std::string_view{};
  out.event_id = record.event_id.state == FieldState::kString ? record.event_id.value : std::string_view{};
  out.session_id =
      record.session_id.state == FieldState::kString ? record.session_id.value : std::string_view{};
  return true;
}

}  // namespace

bool check_contract(const RawRecord& record, const ContractLimits& limits, CheckedRecord& out,
                    Rejection& rejection) {
  return check_record(record, limits, parse_timestamp, out, rejection);
}

bool ContractChecker::check(const RawRecord& record, CheckedRecord& out, Rejection& rejection) {
  return check_record(
      record, limits_, [this](std::string_view text) { return timestamps_.parse(text); }, out, rejection);
}

}  // namespace ecomflow
