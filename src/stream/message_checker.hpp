#pragma once
/// One Kafka message through the same decode → validate → enrich code as a
/// record of an archive: the NDJSON decoder reads the message as one JSON
/// document, then the contract and the catalog join decide.

#include <string>
#include <string_view>

#include "enrich/catalog_join.hpp"
#include "ingest/ndjson_decoder.hpp"
#include "validate/contract.hpp"

namespace ecomflow {

/// The verdict on one message: a valid event, or why it is quarantined.
struct MessageVerdict {
  bool valid = false;
  Event event{};  ///< when valid, fingerprint included
  QuarantineReason reason = QuarantineReason::kMalformedJson;
  std::string_view detail;  ///< static text, or the decoder's message (valid until the next check)
};

/// Checks messages one at a time. One per thread.
class MessageChecker {
 public:
  MessageChecker(const Catalog& catalog, const ContractLimits& limits);

  /// Decodes, validates and enriches `payload`.
  MessageVerdict check(std::string_view payload);

 private:
  NdjsonDecoder decoder_;
  ContractChecker contract_;
  CatalogJoin join_;
  std::string buffer_;  ///< the payload followed by the padding simdjson reads past the end
  std::string detail_;
};

}  // namespace ecomflow
