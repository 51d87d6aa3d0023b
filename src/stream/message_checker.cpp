#include "stream/message_checker.hpp"

#include <fmt/format.h>

#include "ingest/input_file.hpp"
#include "validate/deduplicator.hpp"

namespace ecomflow {

MessageChecker::MessageChecker(const Catalog& catalog, const ContractLimits& limits)
    : contract_(limits), join_(catalog) {}

MessageVerdict MessageChecker::check(std::string_view payload) {
  MessageVerdict verdict;
  buffer_.assign(payload);
  buffer_.append(kInputPadding, '\0');
  decoder_.clear_scratch();
  RawRecord record;
  record.raw = std::string_view(buffer_.data(), payload.size());
  if (const simdjson::error_code error = decoder_.decode_document(record.raw, buffer_.size(), record)) {
    detail_ = fmt::format("not valid JSON: {}", simdjson::error_message(error));
    verdict.reason = QuarantineReason::kMalformedJson;
    verdict.detail = detail_;
    return verdict;
  }
  CheckedRecord checked;
  Rejection rejection;
  if (!contract_.check(record, checked, rejection) || !join_.resolve(checked, verdict.event, rejection)) {
    verdict.reason = rejection.reason;
    verdict.detail = rejection.detail;
    return verdict;
  }
  verdict.event.fingerprint = event_fingerprint(verdict.event, checked.event_id);
  verdict.valid = true;
  return verdict;
}

}  // namespace ecomflow
