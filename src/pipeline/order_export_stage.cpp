#include "pipeline/order_export_stage.hpp"

#include <spdlog/spdlog.h>

#include "core/order_export.hpp"
#include "core/stop_signal.hpp"
#include "store/ledger_store.hpp"

namespace ecomflow {

OrderExportInputs read_order_exports(Database& database, const std::filesystem::path& directory,
                                     const Catalog& catalog, const ContractLimits& limits, bool reprocess) {
  OrderExportInputs exports;
  std::unordered_set<std::string> seen = exported_order_ids(database);
  for (const std::filesystem::path& orders : discover_order_exports(directory)) {
    throw_if_stopped("while reading the order exports");
    ++exports.read.counts.inputs_seen;
    const std::filesystem::path items = directory / *order_items_name_for(orders.filename().string());
    LedgerInput pair[2] = {{orders, 0, {}, {}}, {items, 0, {}, {}}};
    for (LedgerInput& file : pair) file.content_hash = hash_file(file.path, file.size);
    const auto processed = [&](const LedgerInput& file) {
      return !file.content_hash.empty() && find_processed(database, file.size, file.content_hash).has_value();
    };
    if (!reprocess && processed(pair[0]) && processed(pair[1])) {
      spdlog::debug("{}: already processed: skipped", orders.string());
      ++exports.read.counts.inputs_skipped;
      continue;
    }
    const int64_t unreadable_before = exports.read.counts.files_quarantined;
    const int64_t records_before = exports.read.counts.records_read;
    read_order_export(orders, catalog, limits, seen, exports.read);
    if (exports.read.counts.files_quarantined > unreadable_before) continue;  // read again next run
    pair[0].counts.records_read = exports.read.counts.records_read - records_before;
    for (LedgerInput& file : pair) exports.files.push_back(std::move(file));
  }
  const RunCounts& counts = exports.read.counts;
  spdlog::info(
      "order exports: {} found, {} new; {} rows: {} valid, {} quarantined, {} duplicates, {} file(s) "
      "unreadable",
      counts.inputs_seen, counts.inputs_seen - counts.inputs_skipped, counts.records_read, counts.valid,
      counts.quarantined(), counts.duplicates, counts.files_quarantined);
  return exports;
}

void load_order_exports(Database& database, int64_t run_id, OrderExportInputs& exports) {
  for (const LedgerInput& file : exports.files)
    record_file(database, run_id, file.path.string(), file.size, file.content_hash, file.counts.records_read);
  exports.loaded = load_exported_orders(database, exports.read.orders);
}

}  // namespace ecomflow
