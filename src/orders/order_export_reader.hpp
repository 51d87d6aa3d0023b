#pragma once
/// Reading one order export (an `orders_<date>.csv` and the
/// `order_items_<date>.csv` beside it) with the run's accounting: every row
/// is an order to load, a typed quarantine, or a counted duplicate.

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "aggregate/run_counts.hpp"
#include "core/catalog.hpp"
#include "core/money.hpp"
#include "core/quarantine.hpp"
#include "core/time.hpp"
#include "validate/contract.hpp"

namespace ecomflow {

/// One line of an exported order.
struct ExportedOrderLine {
  std::string product_id;
  int64_t quantity = 0;
  Cents unit_price = 0;
};

/// One valid exported order, ready for the shop's `orders` / `order_items`.
struct ExportedOrder {
  std::string export_id;  ///< the export's `order_id` (`ORD-20231023-00001`)
  std::string customer_id;
  TimestampUs time = 0;
  std::string status;
  std::string payment_method;
  Cents total = 0;
  std::vector<ExportedOrderLine> lines;
};

/// Everything read from the exports of a run.
struct OrderExportRead {
  std::vector<ExportedOrder> orders;
  std::vector<QuarantineRecord> quarantined;
  /// records_read (order rows, plus item rows that belong to no order row),
  /// valid, duplicates, quarantined_by_reason; files_read,
  /// files_quarantined and file_problems_by_reason per file.
  RunCounts counts;
};

/// Reads `orders_file` and its items file, with the event contract's
/// limits (date window, largest quantity), (order_items_name_for) and adds
/// the outcome of every row to `read`. An order row is quarantined with the
/// first problem found, in this order: malformed_row (wrong field count),
/// missing_field, bad_timestamp, bad_status, bad_payment_method, bad_amount,
/// unknown_customer, then its lines: missing_field, bad_quantity,
/// bad_amount, unknown_product, malformed_row (a product listed twice),
/// items_total_mismatch (no lines, or lines that do not sum to
/// total_amount). An order id already in `seen` is a duplicate; a valid
/// order's id is added to it. An item row whose order_id is in no row of the
/// orders file is one record, unknown_order. A file that is missing, cannot
/// be parsed or lacks a column is counted as unreadable (missing_items_file,
/// malformed_row, bad_header) and none of its rows are read.
void read_order_export(const std::filesystem::path& orders_file, const Catalog& catalog,
                       const ContractLimits& limits, std::unordered_set<std::string>& seen,
                       OrderExportRead& read);

/// The order exports in `directory` (its `orders_*.csv` files, not
/// recursive), sorted by name. Throws UserError when it is not a directory.
std::vector<std::filesystem::path> discover_order_exports(const std::filesystem::path& directory);

}  // namespace ecomflow
