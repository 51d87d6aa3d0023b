#pragma once
/// The shop's orders in the warehouse: the operational `orders` and
/// `order_items` (migration 020) become fact_orders and fact_order_items
/// (migration 060), keyed by order_id, with the dim_customer and dim_product
/// versions valid when the order was placed.

#include <cstdint>

#include "store/database.hpp"

namespace ecomflow {

/// What one load of the order facts did.
struct OrderFactsLoad {
  int64_t orders_added = 0;    ///< orders new to fact_orders
  int64_t orders_updated = 0;  ///< orders whose status or payment method changed
  int64_t items_added = 0;     ///< lines new to fact_order_items
  int64_t orders_pending = 0;  ///< orders left out: a customer or product not in the dimensions yet
  int64_t dates_added = 0;     ///< order days new to dim_date
  double seconds = 0;          ///< how long the load took
};

/// Upserts every operational order into fact_orders (a changed status or
/// payment method is updated in place) and adds the lines of new orders to
/// fact_order_items, so loading twice changes nothing. An order whose
/// customer or any product has no dimension row yet is left for a later
/// load. Adds the orders' days to dim_date. Runs in the caller's transaction;
/// does nothing on a database without the shop's tables.
OrderFactsLoad load_order_facts(Database& database);

}  // namespace ecomflow
