#include "ingest/csv_decoder.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/logging.hpp"

namespace ecomflow {

namespace {

/// Contract columns; the position is the value stored in CsvDecoder::columns_.
constexpr std::string_view kColumns[] = {"timestamp", "customer_id", "event_type", "product_id",
                                         "event_id",  "session_id",  "quantity"};
constexpr int kQuantityColumn = 6;

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

RawField* field_of_column(RawRecord& record, int column) {
  switch (column) {
    case 0:
      return &record.timestamp;
    case 1:
      return &record.customer_id;
    case 2:
      return &record.event_type;
    case 3:
      return &record.product_id;
    case 4:
      return &record.event_id;
    case 5:
      return &record.session_id;
    default:
      return nullptr;
  }
}

}  // namespace

DecodeResult CsvDecoder::decode(std::string_view content, std::vector<RawRecord>& out) {
  arena_.clear();
  DecodeResult result;
  size_t position = 0;
  int64_t line = 0;

  columns_.clear();
  std::string_view header_text;
  while (position < content.size() && columns_.empty()) {
    const Row header = read_row(content, position, line);
    if (header.raw.empty()) continue;
    header_text = header.raw;
    for (const std::string_view cell : cells_) {
      int column = -1;
      for (int i = 0; i < int(std::size(kColumns)); ++i)
        if (trim_spaces(cell) == kColumns[i]) column = i;
      columns_.push_back(column);
    }
  }
  if (!columns_.empty()) {
    // A file that is not events (a customers.csv left among them) or has no
    // header is one problem, not one per row.
    if (std::string problem = header_problem(); !problem.empty()) {
      result.file_malformed = true;
      result.file_reason = QuarantineReason::kBadHeader;
      constexpr size_t kShownHeaderBytes = 200;
      result.message = fmt::format("the header '{}' {}",
                                   printable_text(header_text.substr(0, kShownHeaderBytes)), problem);
      return result;
    }
  }

  while (position < content.size()) {
    const Row row = read_row(content, position, line);
    if (row.raw.empty() && row.well_formed) continue;
    if (!row.well_formed || cells_.size() != columns_.size()) {
      result.malformed_records.push_back({row.line, row.raw,
                                          row.well_formed ? fmt::format("row has {} cells, the header has {}",
                                                                        cells_.size(), columns_.size())
                                                          : std::string(row.problem)});
      continue;
    }
    RawRecord& record = out.emplace_back();
    record.raw = row.raw;
    record.index = row.line;
    fill_record(record);
  }
  return result;
}

std::string CsvDecoder::header_problem() const {
  bool named[std::size(kColumns)] = {};
  for (const int column : columns_) {
    if (column < 0) continue;
    if (named[column]) return fmt::format("names the column {} twice", kColumns[column]);
    named[column] = true;
  }
  std::string missing;
  for (int required = 0; required < 3; ++required)  // timestamp, customer_id, event_type
    if (!named[required]) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", kColumns[required]);
  if (missing.empty()) return {};
  return fmt::format(
      "lacks the event columns {} (expected timestamp, customer_id, event_type, product_id, quantity, ...)",
      missing);
}

CsvDecoder::Row CsvDecoder::read_row(std::string_view content, size_t& position, int64_t& line) {
  cells_.clear();
  Row row;
  row.line = line;
  const size_t start = position;
  size_t end = content.size();  // end of the row's text, before its line break
  bool row_done = false;
  while (!row_done) {
    std::string_view cell;
    if (position < content.size() && content[position] == '"') {
      // Quoted cell: commas and line breaks inside are data, `""` is one quote.
      const size_t open = ++position;
      bool doubled_quotes = false;
      for (;;) {
        const size_t quote = content.find('"', position);
        if (quote == std::string_view::npos) {
          position = content.size();
          row.well_formed = false;
          row.problem = "a quoted cell is never closed";
          break;
        }
        if (quote + 1 < content.size() && content[quote + 1] == '"') {
          doubled_quotes = true;
          position = quote + 2;
          continue;
        }
        cell = content.substr(open, quote - open);
        position = quote + 1;
        break;
      }
      for (size_t i = open; i < cell.size() + open; ++i) line += content[i] == '\n';
      if (doubled_quotes) {
        char* target = arena_.allocate(cell.size());
        size_t length = 0;
        for (size_t i = 0; i < cell.size(); ++i) {
          target[length++] = cell[i];
          if (cell[i] == '"') ++i;  // the second quote of a pair
        }
        cell = std::string_view(target, length);
      }
      if (row.well_formed && position < content.size() && content[position] != ',' &&
          content[position] != '\n' && content[position] != '\r') {
        row.well_formed = false;
        row.problem = "text after the closing quote of a cell";
      }
    }
    // Unquoted text (or whatever follows a bad closing quote) runs to the next comma or line break.
    const size_t cell_start = position;
    while (position < content.size() && content[position] != ',' && content[position] != '\n') ++position;
    if (cell.data() == nullptr) cell = content.substr(cell_start, position - cell_start);
    if (position >= content.size() || content[position] == '\n') {
      end = position;
      row_done = true;
      if (!cell.empty() && cell.data() == content.data() + cell_start && cell.back() == '\r')
        cell.remove_suffix(1);
    }
    cells_.push_back(cell);
    ++position;  // past the comma or line break
  }
  ++line;
  if (end > start && content[end - 1] == '\r') --end;
  row.raw = content.substr(start, end - start);
  if (row.raw.empty()) cells_.clear();
  return row;
}

void CsvDecoder::fill_record(RawRecord& record) const {
  for (size_t i = 0; i < cells_.size(); ++i) {
    const int column = columns_[i];
    const std::string_view cell = cells_[i];
    if (column < 0 || cell.empty()) continue;  // empty cells are absent
    if (column == kQuantityColumn) {
      int64_t quantity = 0;
      const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), quantity);
      const bool whole = error == std::errc() && end == cell.data() + cell.size();
      record.quantity_state = whole ? QuantityState::kInteger : QuantityState::kInvalid;
      record.quantity = whole ? quantity : 0;
      continue;
    }
    RawField* field = field_of_column(record, column);
    field->state = FieldState::kString;
    field->value = cell;
  }
}

}  // namespace ecomflow
