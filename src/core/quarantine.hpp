#pragma once
/// Why a record or file was set aside, where it came from, and its raw text.

#include <cstdint>
#include <limits>
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
  // added later (names keep their numbers): record level, then file level
  kDuplicateField,
  kBadHeader,
  // order exports (`run --orders`): record level, then file level
  kBadAmount,
  kItemsTotalMismatch,
  kBadStatus,
  kBadPaymentMethod,
  kUnknownOrder,
  kMalformedRow,
  kMissingItemsFile,
};
constexpr int kQuarantineReasonCount = 19;

/// The stable name: `not_an_object`, `bad_timestamp`, …
std::string_view quarantine_reason_name(QuarantineReason reason);
std::optional<QuarantineReason> parse_quarantine_reason(std::string_view name);

/// Where a record or file came from.
struct SourceLocation {
  std::string file;    ///< path of the file on disk (top-level archive or plain file)
  std::string entry;   ///< path inside the archive(s), levels joined by `!`; empty for plain files
  int64_t index = -1;  ///< record index within the entry (array element or line); -1 = whole file
};

/// How QuarantineRecord::raw holds the record's bytes.
enum class RawEncoding : uint8_t {
  kText = 0,  ///< the bytes themselves: valid UTF-8 without NUL
  kBase64,    ///< base64 of the bytes, which are not valid UTF-8 or hold a NUL (neither a
              ///< JSON string nor PostgreSQL's text can carry them as they are)
};

/// One quarantined record or file.
struct QuarantineRecord {
  QuarantineReason reason;
  std::string detail;  ///< human-readable specifics: which field, what value
  SourceLocation source;
  std::string raw;  ///< the raw text of the record (truncated for whole files), as `raw_encoding` says
  RawEncoding raw_encoding = RawEncoding::kText;
  /// When `raw` holds only the first part of a record (longer than the cap
  /// given to set_quarantine_raw): the record's whole length in bytes; -1 = `raw` is whole.
  int64_t raw_original_bytes = -1;
};

/// The length of the well-formed UTF-8 sequence (RFC 3629) that starts at
/// `text[i]` (1 for ASCII), or 0 when none does.
size_t utf8_sequence_length(std::string_view text, size_t i);

/// Whether `bytes` can be stored as text as they are: valid UTF-8, no NUL.
bool is_storable_text(std::string_view bytes);

/// Sets `record.raw` to `bytes`, in base64 (and `raw_encoding` kBase64) when
/// they are not storable text, so that every sink keeps them losslessly.
/// Bytes past `max_bytes` are not kept: `raw` holds the first `max_bytes` (or
/// up to 3 fewer, so that text is not cut inside a UTF-8 sequence) and
/// `raw_original_bytes` the whole length.
void set_quarantine_raw(QuarantineRecord& record, std::string_view bytes,
                        size_t max_bytes = std::numeric_limits<size_t>::max());

/// Standard base64 (RFC 4648, with padding).
std::string base64_encode(std::string_view bytes);
/// The bytes of standard base64 text, or nullopt when it is not base64.
std::optional<std::string> base64_decode(std::string_view text);

/// Raw text kept for a quarantined whole file is cut to this many bytes.
constexpr size_t kMaxQuarantinedFileBytes = 4096;

/// Default cap on the raw bytes kept of one quarantined record (`run
/// --max-quarantined-record-kb`): a single 1 GiB line must not become 1.4 GB
/// of base64 in quarantine.ndjson and the database.
constexpr size_t kDefaultMaxQuarantinedRecordBytes = size_t{1} << 20;

}  // namespace ecomflow
