#pragma once
/// Why a record or file was set aside, where it came from, and its raw text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ecomflow {

/// Typed quarantine reasons. Their names are stable: they appear in
/// quarantine.ndjson, run_summary.json and the `quarantine` table.
enum class QuarantineReason : uint8_t {
  // record level
  kNotAnObject = 0,
  kBadTimestamp,
  kMissingField,
  kUnknownEventType,
  kUnknownCustomer,
  kUnknownProduct,
  kBadQuantity,
  // file level (a JSON/NDJSON line that does not parse is also malformed_json)
  kMalformedJson,
  kCorruptArchive,
  kUnsupportedEntry,
};
constexpr int kQuarantineReasonCount = 10;

/// The stable name: `not_an_object`, `bad_timestamp`, …
std::string_view quarantine_reason_name(QuarantineReason reason);
std::optional<QuarantineReason> parse_quarantine_reason(std::string_view name);

/// Where a record or file came from.
struct SourceLocation {
  std::string file;    ///< path of the file on disk (top-level archive or plain file)
  std::string entry;   ///< path inside the archive(s), levels joined by `!`; empty for plain files
  int64_t index = -1;  ///< record index within the entry (array element or line); -1 = whole file
};

/// One quarantined record or file.
struct QuarantineRecord {
  QuarantineReason reason;
  std::string detail;  ///< human-readable specifics: which field, what value
  SourceLocation source;
  std::string raw;  ///< the raw text of the record (truncated for whole files)
};

/// Raw text kept for a quarantined whole file is cut to this many bytes.
constexpr size_t kMaxQuarantinedFileBytes = 4096;

}  // namespace ecomflow
