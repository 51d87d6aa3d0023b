#pragma once
/// `ecomflow generate --profile orders`: seed 002's raw order exports, one
/// `orders_<date>.csv` and one `order_items_<date>.csv` per day, over the
/// generator's catalog, with typed faults for `--dirty-rate`.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/quarantine.hpp"
#include "gen/generator_options.hpp"

namespace ecomflow {

/// The faults an order export can carry, in the order they are taken in
/// turn (each bad order has exactly one), then a duplicate.
inline constexpr std::array<QuarantineReason, 11> kOrderFaults = {
    QuarantineReason::kUnknownCustomer, QuarantineReason::kUnknownProduct,
    QuarantineReason::kBadAmount,       QuarantineReason::kItemsTotalMismatch,
    QuarantineReason::kBadStatus,       QuarantineReason::kBadPaymentMethod,
    QuarantineReason::kBadTimestamp,    QuarantineReason::kBadQuantity,
    QuarantineReason::kMissingField,    QuarantineReason::kMalformedRow,
    QuarantineReason::kUnknownOrder};

/// What a run of the orders profile wrote.
struct OrderExportResult {
  std::vector<std::filesystem::path> files;  ///< orders and items files, day by day
  int64_t order_rows = 0;                    ///< rows of the orders files (bad and repeated ones too)
  int64_t item_rows = 0;                     ///< rows of the items files
  /// What a run counts as records: the order rows plus the item rows whose
  /// order is in no orders file (each of those is one record, unknown_order).
  int64_t records = 0;
  int64_t bytes = 0;
  std::array<int64_t, kOrderFaults.size()> faults{};  ///< bad records per kOrderFaults entry
  int64_t duplicates = 0;                             ///< repeated order rows
  int64_t valid_orders = 0;
  int64_t valid_lines = 0;
  Cents valid_total = 0;           ///< sum of the valid orders' totals
  std::filesystem::path manifest;  ///< `_dirty_manifest.json`, empty without dirt

  int64_t quarantined() const;
};

/// Writes the order exports of `options` (days from start_date, weeks × 7;
/// `orders_per_day`; `seed`; `dirty_rate`) into `options.out`. Same seed and
/// flags, same bytes; the clean orders are the same with or without dirt.
/// Refuses (UserError naming the file) to overwrite an existing file unless
/// `options.force`.
OrderExportResult generate_order_exports(const GeneratorOptions& options, const Catalog& catalog);

/// The JSON text of the orders profile's `_dirty_manifest.json`.
std::string order_manifest_json(const GeneratorOptions& options, const OrderExportResult& result);

}  // namespace ecomflow
