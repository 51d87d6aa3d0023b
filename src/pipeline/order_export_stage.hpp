#pragma once
/// The order exports of a run (`run --orders DIR`): which are new by the
/// ledger, what their rows became, and what the load added.

#include <filesystem>
#include <vector>

#include "core/catalog.hpp"
#include "orders/order_export_reader.hpp"
#include "orders/order_export_store.hpp"
#include "pipeline/load_stage.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// The exports read by one run.
struct OrderExportInputs {
  /// The orders and items files read whole, for the ledger (a file that
  /// could not be read is left out and read again next run).
  std::vector<LedgerInput> files;
  /// Rows and files; counts.inputs_seen / inputs_skipped count exports
  /// (orders-file and items-file pairs).
  OrderExportRead read;
  ExportedOrdersLoad loaded;  ///< filled in by the load
};

/// Reads every export in `directory` whose two files are not both in the
/// ledger already (all of them when `reprocess`), in name order, checking
/// duplicates against the orders loaded by earlier runs.
OrderExportInputs read_order_exports(Database& database, const std::filesystem::path& directory,
                                     const Catalog& catalog, const ContractLimits& limits, bool reprocess);

/// Records the exports' files in the ledger and moves their valid orders
/// into the shop's orders, inside the load's transaction (before the order
/// facts are loaded, so they reach the warehouse in the same run).
void load_order_exports(Database& database, int64_t run_id, OrderExportInputs& exports);

}  // namespace ecomflow
