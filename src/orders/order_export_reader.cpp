#include "orders/order_export_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "core/error.hpp"
#include "core/order_export.hpp"
#include "store/csv_table.hpp"

namespace ecomflow {
namespace {

/// A parsed CSV file with its columns located by name.
struct ExportFile {
  std::string path;
  std::vector<CsvRecord> rows;  ///< the data rows, header removed
  std::map<std::string_view, size_t> column;
  size_t width = 0;  ///< fields of the header
};

/// Why a whole file cannot be read, or nullopt when `file` was filled in.
template <size_t N>
std::optional<std::pair<QuarantineReason, std::string>> open_export(
    const std::filesystem::path& path, const std::array<std::string_view, N>& columns, ExportFile& file,
    int64_t& bytes) {
  file.path = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::make_pair(QuarantineReason::kMissingItemsFile, fmt::format("cannot read {}", file.path));
  std::ostringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  bytes += int64_t(content.size());
  CsvParse parsed = parse_csv(content);
  if (parsed.error) return std::make_pair(QuarantineReason::kMalformedRow, *parsed.error);
  if (parsed.records.empty())
    return std::make_pair(QuarantineReason::kBadHeader, std::string("no header row"));
  const std::vector<std::string>& header = parsed.records.front().fields;
  file.width = header.size();
  for (const std::string_view name : columns) {
    const auto found = std::find(header.begin(), header.end(), name);
    if (found == header.end())
      return std::make_pair(QuarantineReason::kBadHeader, fmt::format("no column '{}'", name));
    file.column[name] = size_t(found - header.begin());
  }
  parsed.records.erase(parsed.records.begin());
  file.rows = std::move(parsed.records);
  return std::nullopt;
}

/// The row's text again, for the quarantine.
std::string row_text(const CsvRecord& row) {
  std::string text;
  for (size_t i = 0; i < row.fields.size(); ++i) {
    if (i) text += ',';
    append_csv_field(text, row.fields[i]);
  }
  return text;
}

std::optional<int64_t> parse_quantity(std::string_view text) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// Checks one order row and its lines; fills `order` or says why not.
class OrderChecker {
 public:
  OrderChecker(const Catalog& catalog, const ContractLimits& limits) : catalog_(catalog), limits_(limits) {}

  /// The problem of the row, or nullopt when `order` holds a valid order.
  std::optional<std::pair<QuarantineReason, std::string>> check(const ExportFile& orders,
                                                                const CsvRecord& row, const ExportFile& items,
                                                                const std::vector<const CsvRecord*>& lines,
                                                                ExportedOrder& order) const {
    const auto field = [&](std::string_view name) -> const std::string& {
      return row.fields[orders.column.at(name)];
    };
    if (row.fields.size() != orders.width)
      return problem(QuarantineReason::kMalformedRow,
                     fmt::format("{} fields, the header has {}", row.fields.size(), orders.width));
    for (const std::string_view name : kOrderExportColumns)
      if (field(name).empty()) return problem(QuarantineReason::kMissingField, fmt::format("empty {}", name));
    const std::optional<TimestampUs> time = parse_timestamp(field("order_date"));
    if (!time || *time < limits_.earliest_time || *time >= limits_.end_time)
      return problem(QuarantineReason::kBadTimestamp, fmt::format("order_date '{}'", field("order_date")));
    if (!is_order_status(field("status")))
      return problem(QuarantineReason::kBadStatus, fmt::format("status '{}'", field("status")));
    if (!is_payment_method(field("payment_method")))
      return problem(QuarantineReason::kBadPaymentMethod,
                     fmt::format("payment_method '{}'", field("payment_method")));
    const std::optional<Cents> total = parse_cents(field("total_amount"));
    if (!total || *total < 0)
      return problem(QuarantineReason::kBadAmount, fmt::format("total_amount '{}'", field("total_amount")));
    if (!catalog_.find_customer(field("customer_id")))
      return problem(QuarantineReason::kUnknownCustomer,
                     fmt::format("customer_id '{}'", field("customer_id")));
    order = {
        field("order_id"), field("customer_id"), *time, field("status"), field("payment_method"), *total, {}};

    Cents sum = 0;
    for (const CsvRecord* line : lines) {
      const auto cell = [&](std::string_view name) -> const std::string& {
        return line->fields[items.column.at(name)];
      };
      const std::string where = fmt::format("{} line {}", items.path, line->line);
      for (const std::string_view name : kOrderItemExportColumns)
        if (cell(name).empty())
          return problem(QuarantineReason::kMissingField, fmt::format("{}: empty {}", where, name));
      const std::optional<int64_t> quantity = parse_quantity(cell("quantity"));
      if (!quantity || *quantity < 1 || *quantity > limits_.max_quantity)
        return problem(QuarantineReason::kBadQuantity,
                       fmt::format("{}: quantity '{}'", where, cell("quantity")));
      const std::optional<Cents> price = parse_cents(cell("unit_price"));
      if (!price || *price < 0)
        return problem(QuarantineReason::kBadAmount,
                       fmt::format("{}: unit_price '{}'", where, cell("unit_price")));
      if (!catalog_.find_product(cell("product_id")))
        return problem(QuarantineReason::kUnknownProduct,
                       fmt::format("{}: product_id '{}'", where, cell("product_id")));
      const bool repeated =
          std::any_of(order.lines.begin(), order.lines.end(),
                      [&](const ExportedOrderLine& seen) { return seen.product_id == cell("product_id"); });
      if (repeated)
        return problem(QuarantineReason::kMalformedRow,
                       fmt::format("{}: product_id '{}' listed twice", where, cell("product_id")));
      order.lines.push_back({cell("product_id"), *quantity, *price});
      sum += *quantity * *price;
    }
    if (order.lines.empty())
      return problem(QuarantineReason::kItemsTotalMismatch, "the order has no item lines");
    if (sum != order.total)
      return problem(
          QuarantineReason::kItemsTotalMismatch,
          fmt::format("items sum to {}, total_amount is {}", format_cents(sum), format_cents(order.total)));
    return std::nullopt;
  }

 private:
  static std::optional<std::pair<QuarantineReason, std::string>> problem(QuarantineReason reason,
                                                                         std::string detail) {
    return std::make_pair(reason, std::move(detail));
  }

  const Catalog& catalog_;
  const ContractLimits& limits_;
};

void quarantine_file(OrderExportRead& read, const std::string& path, QuarantineReason reason,
                     std::string detail) {
  ++read.counts.files_quarantined;
  ++read.counts.file_problems_by_reason[int(reason)];
  QuarantineRecord record{reason, std::move(detail), {path, "", -1}, "", RawEncoding::kText};
  read.quarantined.push_back(std::move(record));
}

void quarantine_row(OrderExportRead& read, QuarantineReason reason, std::string detail,
                    const std::string& path, const CsvRecord& row) {
  ++read.counts.quarantined_by_reason[int(reason)];
  QuarantineRecord record{reason, std::move(detail), {path, "", row.line}, "", RawEncoding::kText};
  set_quarantine_raw(record, row_text(row));
  read.quarantined.push_back(std::move(record));
}

}  // namespace

void read_order_export(const std::filesystem::path& orders_file, const Catalog& catalog,
                       const ContractLimits& limits, std::unordered_set<std::string>& seen,
                       OrderExportRead& read) {
  const std::optional<std::string> items_name = order_items_name_for(orders_file.filename().string());
  ECOMFLOW_CHECK(items_name.has_value());
  const std::filesystem::path items_file = orders_file.parent_path() / *items_name;
  ExportFile orders;
  ExportFile items;
  if (auto problem = open_export(orders_file, kOrderExportColumns, orders, read.counts.bytes_read)) {
    if (problem->first == QuarantineReason::kMissingItemsFile)
      problem->first = QuarantineReason::kMalformedRow;
    return quarantine_file(read, orders_file.string(), problem->first, problem->second);
  }
  if (auto problem = open_export(items_file, kOrderItemExportColumns, items, read.counts.bytes_read))
    return quarantine_file(
        read, items_file.string(), problem->first,
        problem->first == QuarantineReason::kMissingItemsFile
            ? fmt::format("{} has no items file {} beside it", orders_file.string(), items_file.string())
            : problem->second);
  read.counts.files_read += 2;

  // Lines by order id, in file order; a line without a readable order id is a record of its own.
  std::map<std::string, std::vector<const CsvRecord*>> lines;
  const size_t item_order_column = items.column.at("order_id");
  for (const CsvRecord& row : items.rows) {
    if (row.fields.size() != items.width || row.fields[item_order_column].empty()) {
      ++read.counts.records_read;
      quarantine_row(
          read, QuarantineReason::kMalformedRow,
          fmt::format("{} fields, the header has {}, or no order_id", row.fields.size(), items.width),
          items.path, row);
      continue;
    }
    lines[row.fields[item_order_column]].push_back(&row);
  }

  const OrderChecker checker(catalog, limits);
  const size_t order_column = orders.column.at("order_id");
  static const std::vector<const CsvRecord*> kNoLines;
  std::unordered_set<std::string> ids_in_file;
  for (const CsvRecord& row : orders.rows) {
    ++read.counts.records_read;
    const std::string* id = order_column < row.fields.size() ? &row.fields[order_column] : nullptr;
    if (id) ids_in_file.insert(*id);
    if (id && row.fields.size() == orders.width && seen.contains(*id)) {
      ++read.counts.duplicates;
      continue;
    }
    const auto found = id ? lines.find(*id) : lines.end();
    ExportedOrder order;
    if (const auto problem =
            checker.check(orders, row, items, found == lines.end() ? kNoLines : found->second, order)) {
      quarantine_row(read, problem->first, problem->second, orders.path, row);
      continue;
    }
    ++read.counts.valid;
    seen.insert(order.export_id);
    read.orders.push_back(std::move(order));
  }
  for (const auto& [id, rows] : lines) {
    if (ids_in_file.contains(id)) continue;
    for (const CsvRecord* row : rows) {
      ++read.counts.records_read;
      quarantine_row(read, QuarantineReason::kUnknownOrder,
                     fmt::format("order_id '{}' is not in {}", id, orders.path), items.path, *row);
    }
  }
}

std::vector<std::filesystem::path> discover_order_exports(const std::filesystem::path& directory) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error))
    throw UserError(fmt::format("--orders '{}' is not a directory", directory.string()));
  std::vector<std::filesystem::path> exports;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.is_regular_file() && order_items_name_for(entry.path().filename().string()))
      exports.push_back(entry.path());
  }
  std::sort(exports.begin(), exports.end());
  return exports;
}

}  // namespace ecomflow
