#include "orders/order_export_store.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "store/warehouse_schema.hpp"

namespace ecomflow {

std::unordered_set<std::string> exported_order_ids(Database& database) {
  std::unordered_set<std::string> ids;
  if (!database.table_exists(warehouse_sql(database, "staging.orders"))) return ids;
  for (auto& row :
       database.query("SELECT export_order_id FROM orders WHERE export_order_id IS NOT NULL").rows)
    ids.insert(std::move(*row[0]));
  return ids;
}

ExportedOrdersLoad load_exported_orders(Database& database, const std::vector<ExportedOrder>& orders) {
  ExportedOrdersLoad load;
  if (orders.empty()) return load;
  const auto started = std::chrono::steady_clock::now();
  database.execute(warehouse_sql(database, "DELETE FROM staging.order_items"));
  database.execute(warehouse_sql(database, "DELETE FROM staging.orders"));
  const bool postgres = database.backend() == "postgresql";
  size_t at = 0;
  database.bulk_insert(
      warehouse_sql(database, "staging.orders"),
      {"export_order_id", "customer_id", "status", "payment_method", "total_cents", "created_at"},
      [&](std::vector<std::optional<std::string>>& row) {
        if (at == orders.size()) return false;
        const ExportedOrder& order = orders[at++];
        row = {order.export_id,      order.customer_id,           order.status,
               order.payment_method, std::to_string(order.total), format_timestamp(order.time)};
        return true;
      });
  at = 0;
  size_t line = 0;
  database.bulk_insert(warehouse_sql(database, "staging.order_items"),
                       {"export_order_id", "product_id", "quantity", "unit_price_cents"},
                       [&](std::vector<std::optional<std::string>>& row) {
                         while (at < orders.size() && line == orders[at].lines.size()) {
                           ++at;
                           line = 0;
                         }
                         if (at == orders.size()) return false;
                         const ExportedOrderLine& item = orders[at].lines[line++];
                         row = {orders[at].export_id, item.product_id, std::to_string(item.quantity),
                                std::to_string(item.unit_price)};
                         return true;
                       });
  // The moves below are planned from statistics; rows written in this
  // transaction are not in them yet.
  if (postgres) database.execute("ANALYZE staging.orders, staging.order_items");
  const auto count = [&](const char* sql) {
    return std::stoll(database.query(sql).rows.at(0).at(0).value_or("0"));
  };
  const int64_t orders_before = count("SELECT COUNT(*) FROM orders");
  // In time order, so the shop's order ids follow the orders' own order.
  database.execute(
      warehouse_sql(database, std::string(R"sql(INSERT INTO orders
  (customer_id, status, payment_method, total_cents, created_at, export_order_id)
SELECT s.customer_id, s.status, s.payment_method, s.total_cents, )sql") +
                                  (postgres ? "CAST(s.created_at AS TIMESTAMPTZ)" : "s.created_at") +
                                  R"sql(, s.export_order_id
FROM staging.orders s
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.export_order_id = s.export_order_id)
ORDER BY s.created_at, s.export_order_id)sql"));
  load.orders_added = count("SELECT COUNT(*) FROM orders") - orders_before;
  const int64_t lines_before = count("SELECT COUNT(*) FROM order_items");
  database.execute(
      warehouse_sql(database, R"sql(INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents)
SELECT o.order_id, i.product_id, i.quantity, i.unit_price_cents
FROM staging.order_items i
JOIN orders o ON o.export_order_id = i.export_order_id
WHERE NOT EXISTS (SELECT 1 FROM order_items x WHERE x.order_id = o.order_id))sql"));
  load.lines_added = count("SELECT COUNT(*) FROM order_items") - lines_before;
  database.execute(warehouse_sql(database, "DELETE FROM staging.order_items"));
  database.execute(warehouse_sql(database, "DELETE FROM staging.orders"));
  load.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("order exports: {} orders and {} lines added to the shop's orders ({:.2f} s)",
               load.orders_added, load.lines_added, load.seconds);
  return load;
}

}  // namespace ecomflow
