#pragma once
/// One input record as decoded, before validation: field views into the
/// decoder's buffer plus how each field was present. The validator turns it
/// into an Event or a QuarantineRecord.

#include <cstdint>
#include <string_view>

namespace ecomflow {

/// How a field appeared in the record.
enum class FieldState : uint8_t {
  kAbsent = 0,  ///< key not present (CSV: empty cell)
  kNull,        ///< JSON null
  kString,      ///< a string; `value` holds its unescaped text
  kOther,       ///< present with another JSON type (number, bool, object, array)
};

/// A string field of a record.
struct RawField {
  FieldState state = FieldState::kAbsent;
  std::string_view value;  ///< valid while the decoder's current batch is alive
};

/// How `quantity` appeared in the record.
enum class QuantityState : uint8_t {
  kAbsent = 0,  ///< absent or null
  kInteger,     ///< a JSON integer (CSV: a base-10 integer) in int64 range; `quantity` holds it
  kInvalid,     ///< anything else: a float, a string, a bool, out of int64 range
};

/// The decoded fields of one record. Views point into the decoded file's
/// buffer (or the decoder's scratch for unescaped strings) and are valid until
/// the decoder is asked for the next file.
struct RawRecord {
  std::string_view raw;          ///< the record's raw text, as in the input; empty for JSON array
                                 ///< files until asked for: use RecordDecoder::raw_text()
  int64_t index = 0;             ///< position in the file: array element or line (0-based)
  bool is_object = true;         ///< false: the element is not a JSON object
  bool duplicate_field = false;  ///< a contract key appears more than once (CSV: a column twice)
  RawField timestamp;
  RawField customer_id;
  RawField event_type;
  RawField product_id;
  RawField event_id;
  RawField session_id;
  QuantityState quantity_state = QuantityState::kAbsent;
  int64_t quantity = 0;
};

}  // namespace ecomflow
