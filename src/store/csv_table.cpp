#include "store/csv_table.hpp"

#include <cctype>

namespace ecomflow {

CsvParse parse_csv(std::string_view text) {
  CsvParse parse;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int64_t line = 1;
  size_t position = 0;
  while (position < text.size()) {
    CsvRecord record{line, {}};
    std::string field;
    bool record_done = false;
    while (!record_done) {
      if (position < text.size() && text[position] == '"') {
        const int64_t quote_line = line;
        ++position;
        while (true) {
          if (position >= text.size()) {
            parse.error = "line " + std::to_string(quote_line) + ": unterminated quoted field";
            return parse;
          }
          const char c = text[position++];
          if (c == '"') {
            if (position < text.size() && text[position] == '"') {
              field += '"';
              ++position;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        // After a closing quote only a separator or line end may follow.
        if (position < text.size() && text[position] != ',' && text[position] != '\n' &&
            text[position] != '\r') {
          parse.error = "line " + std::to_string(line) + ": unexpected text after a closing quote";
          return parse;
        }
      } else {
        while (position < text.size() && text[position] != ',' && text[position] != '\n' &&
               text[position] != '\r')
          field += text[position++];
      }
      record.fields.push_back(std::move(field));
      field.clear();
      if (position >= text.size()) {
        record_done = true;
      } else if (text[position] == ',') {
        ++position;
      } else {
        if (text[position] == '\r') ++position;
        if (position < text.size() && text[position] == '\n') ++position;
        ++line;
        record_done = true;
      }
    }
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) parse.records.push_back(std::move(record));
  }
  return parse;
}

void append_csv_field(std::string& out, std::string_view field) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

bool csv_formula_risk(std::string_view field) {
  if (field.empty() || std::string_view("=+-@\t\r").find(field.front()) == std::string_view::npos)
    return false;
  // -12.50, +3, -1e5: numbers, which spreadsheets read as numbers.
  size_t at = field.front() == '-' || field.front() == '+' ? 1 : 0;
  bool digits = false;
  while (at < field.size() && (std::isdigit(static_cast<unsigned char>(field[at])) || field[at] == '.')) {
    digits = digits || field[at] != '.';
    ++at;
  }
  if (digits && at < field.size() && (field[at] == 'e' || field[at] == 'E')) {
    ++at;
    if (at < field.size() && (field[at] == '-' || field[at] == '+')) ++at;
    const size_t exponent = at;
    while (at < field.size() && std::isdigit(static_cast<unsigned char>(field[at]))) ++at;
    digits = at > exponent;
  }
  return !(digits && at == field.size());
}

namespace {

/// `field` behind a `'` that makes a spreadsheet read it as text, quoted.
void append_marked_csv_field(std::string& out, std::string_view field) {
  out += "\"'";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

void append_report_csv_field(std::string& out, std::string_view field) {
  if (!csv_formula_risk(field)) return append_csv_field(out, field);
  append_marked_csv_field(out, field);
}

bool csv_needs_quote_mark(std::string_view field) {
  size_t marks = 0;
  while (marks < field.size() && field[marks] == '\'') ++marks;
  return csv_formula_risk(field.substr(marks));
}

std::string_view read_csv_field(std::string_view field) {
  if (!field.empty() && field.front() == '\'' && csv_needs_quote_mark(field.substr(1)))
    field.remove_prefix(1);
  return field;
}

void append_csv_record(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) out += ',';
    if (csv_needs_quote_mark(fields[i]))
      append_marked_csv_field(out, fields[i]);
    else
      append_csv_field(out, fields[i]);
  }
  out += '\n';
}

}  // namespace ecomflow
