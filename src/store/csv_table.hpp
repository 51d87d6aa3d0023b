#pragma once
/// RFC-4180 CSV for the catalog files: quoted fields, doubled quotes, commas
/// and newlines inside quotes, CRLF or LF line ends.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// One CSV record and the line it starts on (1-based).
struct CsvRecord {
  int64_t line;
  std::vector<std::string> fields;
};

/// A whole CSV file, or why it could not be parsed.
struct CsvParse {
  std::vector<CsvRecord> records;
  std::optional<std::string> error;  ///< e.g. "line 7: unterminated quoted field"
};

/// Parses CSV text (a UTF-8 byte-order mark is skipped; blank lines are ignored).
CsvParse parse_csv(std::string_view text);

/// Appends `field`, quoted when it holds a comma, quote, CR, LF or edge spaces.
void append_csv_field(std::string& out, std::string_view field);

/// True when a spreadsheet would run `field` as a formula: it starts with
/// '=', '+', '-', '@', a tab or a CR and is not a plain number (`-12.50`).
bool csv_formula_risk(std::string_view field);

/// Appends `field` for a CSV people open in a spreadsheet (reports, query
/// output): a formula-like field gets a leading `'` and quotes, so it reads
/// as text (`=HYPERLINK(...)` becomes `"'=HYPERLINK(...)"`); else as
/// append_csv_field.
void append_report_csv_field(std::string& out, std::string_view field);

/// True when `field` is written with a leading `'` by append_csv_record: it
/// is formula-like, or is `'` followed by such a field (so that removing one
/// `'` on reading, read_csv_field, gives every value back unchanged).
bool csv_needs_quote_mark(std::string_view field);

/// The value of a field written by append_csv_record: one leading `'` is
/// removed when what follows needs it (`'=A1` reads `=A1`, `'abc` stays).
std::string_view read_csv_field(std::string_view field);

/// Appends a record of fields and a `\n`, for files ecomflow reads back
/// (catalog export): a formula-like field gets a leading `'` that
/// read_csv_field removes again, so the file is safe to open in a
/// spreadsheet and an import of it gives the same values.
void append_csv_record(std::string& out, const std::vector<std::string>& fields);

}  // namespace ecomflow
