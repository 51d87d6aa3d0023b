#pragma once
/// Exported orders into the shop's `orders` / `order_items` (seed 002's
/// staging → production step), from where the one order-facts loader
/// (store/order_facts.hpp) takes them into the warehouse like any order.

#include <string>
#include <unordered_set>
#include <vector>

#include "orders/order_export_reader.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// What one load of exported orders did.
struct ExportedOrdersLoad {
  int64_t orders_added = 0;
  int64_t lines_added = 0;
  double seconds = 0;
};

/// The export order ids already in `orders` (so a repeat in a later export
/// is a duplicate, not a second order). Empty before migration 090.
std::unordered_set<std::string> exported_order_ids(Database& database);

/// Bulk-loads `orders` into staging.orders / staging.order_items (SQLite: staging_orders,
/// staging_order_items), moves the ones whose export id is not in `orders` yet into orders / order_items (the
/// shop numbers them), and empties the staging tables. Runs in the caller's transaction; loading the same
/// orders twice adds nothing.
ExportedOrdersLoad load_exported_orders(Database& database, const std::vector<ExportedOrder>& orders);

}  // namespace ecomflow
