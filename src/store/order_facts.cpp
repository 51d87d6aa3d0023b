#include "store/order_facts.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <string>

#include "core/time.hpp"
#include "store/warehouse_row_text.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

/// How each backend turns `orders.created_at` into the warehouse's UTC
/// timestamp and date key. SQLite's created_at is `YYYY-MM-DDTHH:MM:SSZ`
/// text and the dimensions' validity is `YYYY-MM-DD HH:MM:SS` text.
struct OrderTimeSql {
  std::string time;
  std::string date_key;
};

OrderTimeSql order_time_sql(const Database& database) {
  if (database.backend() == "postgresql")
    return {"(o.created_at AT TIME ZONE 'UTC')",
            "CAST(to_char(o.created_at AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER)"};
  return {"replace(replace(o.created_at, 'T', ' '), 'Z', '')",
          "CAST(replace(substr(o.created_at, 1, 10), '-', '') AS INTEGER)"};
}

int64_t count(Database& database, const std::string& sql) {
  return std::stoll(database.query(warehouse_sql(database, sql)).rows.at(0).at(0).value_or("0"));
}

/// Adds a dim_date row for every order day that has none.
int64_t add_order_days(Database& database) {
  std::vector<int32_t> missing;
  for (const auto& row : database
                             .query(warehouse_sql(database,
                                                  "SELECT DISTINCT f.date_key FROM warehouse.fact_orders f "
                                                  "WHERE NOT EXISTS (SELECT 1 FROM warehouse.dim_date d "
                                                  "WHERE d.date_key = f.date_key) ORDER BY f.date_key"))
                             .rows)
    missing.push_back(int32_t(std::stoll(row[0].value_or("0"))));
  size_t at = 0;
  return database.bulk_insert(warehouse_sql(database, "warehouse.dim_date"),
                              {"date_key", "date", "year", "quarter", "month", "day", "iso_week", "iso_year",
                               "weekday", "is_weekend"},
                              [&](std::vector<std::optional<std::string>>& row) {
                                if (at == missing.size()) return false;
                                const int32_t key = missing[at++];
                                const DayNumber day = days_from_civil(key / 10000, unsigned(key / 100 % 100),
                                                                      unsigned(key % 100));
                                const CivilDate date = civil_from_days(day);
                                const IsoWeek week = iso_week(day);
                                const int weekday = iso_weekday(day);
                                row = {std::to_string(key),        format_date(day),
                                       std::to_string(date.year),  std::to_string((date.month - 1) / 3 + 1),
                                       std::to_string(date.month), std::to_string(date.day),
                                       std::to_string(week.week),  std::to_string(week.year),
                                       std::to_string(weekday),    weekday >= 6 ? "1" : "0"};
                                return true;
                              });
}

}  // namespace

OrderFactsLoad load_order_facts(Database& database) {
  OrderFactsLoad load;
  if (!database.table_exists("orders") ||
      !database.table_exists(warehouse_sql(database, "warehouse.fact_orders")))
    return load;
  const auto started = std::chrono::steady_clock::now();
  const OrderTimeSql at = order_time_sql(database);
  const bool postgres = database.backend() == "postgresql";
  // These statements read every order once; PostgreSQL's JIT compiled them
  // for seconds on each run and saved less than that. Off for this load,
  // restored after (both local to the caller's transaction).
  std::string jit;
  if (postgres) {
    jit = database.query("SELECT current_setting('jit')").rows.at(0).at(0).value_or("on");
    database.query("SELECT set_config('jit', 'off', true)");
  }

  // Orders already in the warehouse whose status or payment method changed
  // since: updated in place (the order's lines never change).
  const std::string changed = R"sql(
FROM orders o
JOIN warehouse.dim_status s ON s.status = o.status
WHERE o.order_id = f.order_id AND (f.status_key <> s.status_key OR f.payment_method <> o.payment_method))sql";
  load.orders_updated =
      count(database, "SELECT COUNT(*) FROM warehouse.fact_orders f WHERE EXISTS (SELECT 1" + changed + ")");
  if (load.orders_updated > 0)
    database.execute(warehouse_sql(database,
                                   "UPDATE warehouse.fact_orders AS f SET status_key = s.status_key, "
                                   "payment_method = o.payment_method" +
                                       changed));

  // New orders whose customer and every product resolve to the dimension
  // version valid when the order was placed: one grouped pass over the new
  // orders' lines (a line whose product does not resolve is not counted in
  // `resolved`), then one hash join per dimension.
  const int64_t orders_before = count(database, "SELECT COUNT(*) FROM warehouse.fact_orders");
  database.execute(
      warehouse_sql(database, fmt::format(R"sql(INSERT INTO warehouse.fact_orders
  (order_id, date_key, order_time, customer_key, status_key, payment_method, line_count, units, total_cents)
SELECT o.order_id, {date_key}, {time}, c.customer_key, s.status_key, o.payment_method, l.line_count, l.units,
       o.total_cents
FROM orders o
JOIN (SELECT i.order_id, COUNT(*) AS line_count, SUM(i.quantity) AS units, COUNT(p.product_key) AS resolved
      FROM order_items i
      JOIN orders o ON o.order_id = i.order_id
      LEFT JOIN warehouse.dim_product p
        ON p.product_id = i.product_id AND p.valid_from <= {time} AND {time} < p.valid_to
      WHERE NOT EXISTS (SELECT 1 FROM warehouse.fact_orders f WHERE f.order_id = i.order_id)
      GROUP BY i.order_id) l ON l.order_id = o.order_id AND l.resolved = l.line_count
JOIN warehouse.dim_status s ON s.status = o.status
JOIN warehouse.dim_customer c
  ON c.customer_id = o.customer_id AND c.valid_from <= {time} AND {time} < c.valid_to)sql",
                                          fmt::arg("date_key", at.date_key), fmt::arg("time", at.time))));
  load.orders_added = count(database, "SELECT COUNT(*) FROM warehouse.fact_orders") - orders_before;
  // The lines' join below is planned from these statistics; rows written in
  // this transaction are not in them yet.
  if (postgres && load.orders_added > 0) database.execute("ANALYZE warehouse.fact_orders");

  // The lines of orders that have none in the warehouse yet.
  const int64_t items_before = count(database, "SELECT COUNT(*) FROM warehouse.fact_order_items");
  database.execute(warehouse_sql(database, R"sql(INSERT INTO warehouse.fact_order_items
  (order_id, product_key, date_key, customer_key, quantity, unit_price_cents, revenue_cents)
SELECT i.order_id, p.product_key, f.date_key, f.customer_key, i.quantity, i.unit_price_cents,
       i.quantity * i.unit_price_cents
FROM warehouse.fact_orders f
JOIN order_items i ON i.order_id = f.order_id
JOIN warehouse.dim_product p
  ON p.product_id = i.product_id AND p.valid_from <= f.order_time AND f.order_time < p.valid_to
WHERE NOT EXISTS (SELECT 1 FROM warehouse.fact_order_items x WHERE x.order_id = f.order_id))sql"));
  load.items_added = count(database, "SELECT COUNT(*) FROM warehouse.fact_order_items") - items_before;

  load.orders_pending =
      count(database,
            "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM warehouse.fact_orders f "
            "WHERE f.order_id = o.order_id)");
  load.dates_added = add_order_days(database);
  if (postgres) database.query("SELECT set_config('jit', $1, true)", {jit});
  load.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info(
      "order facts: {} orders added, {} updated, {} lines added, {} waiting for their dimensions ({:.2f} s)",
      load.orders_added, load.orders_updated, load.items_added, load.orders_pending, load.seconds);
  return load;
}

}  // namespace ecomflow
