/// The agg_* tables, recomputed from the facts: with the whole history
/// behind them, a replaced or backfilled file can never leave a stale partial
/// sum behind. After a load that only added facts over unchanged dimensions
/// they are brought forward by the added rows instead. Product views and cart
/// adds come from fact_product_activity (per file, day and product), which
/// the loader keeps in step with fact_events, rather than from every event.

#include "store/warehouse_load.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

constexpr const char* kRebuildDailySales = R"sql(
DELETE FROM warehouse.agg_daily_sales;
INSERT INTO warehouse.agg_daily_sales (date_key, orders, units, revenue_cents, customers)
SELECT f.date_key, COUNT(*), SUM(f.quantity), SUM(f.revenue_cents), COUNT(DISTINCT c.customer_id)
FROM warehouse.fact_sales f
JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
GROUP BY f.date_key;
)sql";

constexpr const char* kRebuildProductPerformance = R"sql(
DELETE FROM warehouse.agg_product_performance;
WITH sales AS (
  SELECT p.product_id, COUNT(*) AS orders, SUM(f.quantity) AS units, SUM(f.revenue_cents) AS revenue_cents,
         COUNT(DISTINCT c.customer_id) AS customers
  FROM warehouse.fact_sales f
  JOIN warehouse.dim_product p ON p.product_key = f.product_key
  JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
  GROUP BY p.product_id
), by_key AS (
  SELECT product_key, SUM(product_views) AS product_views, SUM(cart_adds) AS cart_adds
  FROM warehouse.fact_product_activity
  GROUP BY product_key
), activity AS (
  SELECT p.product_id, SUM(e.product_views) AS product_views, SUM(e.cart_adds) AS cart_adds
  FROM by_key e
  JOIN warehouse.dim_product p ON p.product_key = e.product_key
  GROUP BY p.product_id
)
INSERT INTO warehouse.agg_product_performance
  (product_id, product_name, category, orders, units, revenue_cents, customers, product_views, cart_adds)
SELECT p.product_id, p.product_name, p.category, COALESCE(s.orders, 0), COALESCE(s.units, 0),
       COALESCE(s.revenue_cents, 0), COALESCE(s.customers, 0), COALESCE(a.product_views, 0), COALESCE(a.cart_adds, 0)
FROM warehouse.dim_product p
LEFT JOIN sales s ON s.product_id = p.product_id
LEFT JOIN activity a ON a.product_id = p.product_id
WHERE p.is_current;
)sql";

constexpr const char* kRebuildCustomerMetrics = R"sql(
DELETE FROM warehouse.agg_customer_metrics;
WITH sales AS (
  SELECT c.customer_id, MIN(f.event_time) AS first_purchase, MAX(f.event_time) AS last_purchase,
         COUNT(*) AS orders, SUM(f.quantity) AS units, SUM(f.revenue_cents) AS revenue_cents
  FROM warehouse.fact_sales f
  JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
  GROUP BY c.customer_id
)
INSERT INTO warehouse.agg_customer_metrics
  (customer_id, segment, join_date, first_purchase, last_purchase, orders, units, revenue_cents)
SELECT c.customer_id, c.segment, c.join_date, s.first_purchase, s.last_purchase, COALESCE(s.orders, 0),
       COALESCE(s.units, 0), COALESCE(s.revenue_cents, 0)
FROM warehouse.dim_customer c
LEFT JOIN sales s ON s.customer_id = c.customer_id
WHERE c.is_current;
)sql";

constexpr const char* kRebuildSalesByCategorySegment = R"sql(
DELETE FROM warehouse.agg_sales_by_category_segment;
INSERT INTO warehouse.agg_sales_by_category_segment (category, segment, revenue_cents, units, unique_customers)
SELECT category, customer_segment, total_revenue_cents, units_sold, unique_customers
FROM warehouse.v_sales_report;
)sql";

/// Distinct customers do not add up across loads: a customer counts once
/// more for a key only when none of the facts loaded before (`{old}`) already
/// holds them under it. The checks go through fact_sales' customer index.
constexpr const char* kAddToProductPerformance = R"sql(
UPDATE warehouse.agg_product_performance AS m
SET orders = m.orders + n.orders, units = m.units + n.units, revenue_cents = m.revenue_cents + n.revenue_cents,
    customers = m.customers + n.customers, product_views = m.product_views + n.product_views,
    cart_adds = m.cart_adds + n.cart_adds
FROM (
  SELECT product_id, SUM(orders) AS orders, SUM(units) AS units, SUM(revenue_cents) AS revenue_cents,
         SUM(customers) AS customers, SUM(product_views) AS product_views, SUM(cart_adds) AS cart_adds
  FROM (
    SELECT p.product_id, COUNT(*) AS orders, SUM(f.quantity) AS units, SUM(f.revenue_cents) AS revenue_cents,
           0 AS customers, 0 AS product_views, 0 AS cart_adds
    FROM warehouse.fact_sales f
    JOIN warehouse.dim_product p ON p.product_key = f.product_key
    WHERE f.file_id IN ({added})
    GROUP BY p.product_id
    UNION ALL
    SELECT d.product_id, 0, 0, 0, COUNT(*), 0, 0
    FROM (SELECT DISTINCT p.product_id, c.customer_id
          FROM warehouse.fact_sales f
          JOIN warehouse.dim_product p ON p.product_key = f.product_key
          JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
          WHERE f.file_id IN ({added})) d
    WHERE NOT EXISTS (
      SELECT 1 FROM warehouse.dim_customer oc
      JOIN warehouse.fact_sales o ON o.customer_key = oc.customer_key
      JOIN warehouse.dim_product op ON op.product_key = o.product_key
      WHERE oc.customer_id = d.customer_id AND op.product_id = d.product_id AND o.file_id NOT IN ({added}))
    GROUP BY d.product_id
    UNION ALL
    SELECT p.product_id, 0, 0, 0, 0, SUM(a.product_views), SUM(a.cart_adds)
    FROM warehouse.fact_product_activity a
    JOIN warehouse.dim_product p ON p.product_key = a.product_key
    WHERE a.file_id IN ({added})
    GROUP BY p.product_id
  ) s
  GROUP BY product_id
) AS n
WHERE m.product_id = n.product_id;
)sql";

constexpr const char* kAddToCustomerMetrics = R"sql(
UPDATE warehouse.agg_customer_metrics AS m
SET first_purchase = CASE WHEN m.first_purchase IS NULL OR n.first_purchase < m.first_purchase
                          THEN n.first_purchase ELSE m.first_purchase END,
    last_purchase = CASE WHEN m.last_purchase IS NULL OR n.last_purchase > m.last_purchase
                         THEN n.last_purchase ELSE m.last_purchase END,
    orders = m.orders + n.orders, units = m.units + n.units, revenue_cents = m.revenue_cents + n.revenue_cents
FROM (
  SELECT c.customer_id, MIN(f.event_time) AS first_purchase, MAX(f.event_time) AS last_purchase,
         COUNT(*) AS orders, SUM(f.quantity) AS units, SUM(f.revenue_cents) AS revenue_cents
  FROM warehouse.fact_sales f
  JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
  WHERE f.file_id IN ({added})
  GROUP BY c.customer_id
) AS n
WHERE m.customer_id = n.customer_id;
)sql";

// A (category, segment) pair can be new: it is inserted, the others summed into.
constexpr const char* kAddToSalesByCategorySegment = R"sql(
INSERT INTO warehouse.agg_sales_by_category_segment AS m
  (category, segment, revenue_cents, units, unique_customers)
SELECT category, segment, SUM(revenue_cents), SUM(units), SUM(customers)
FROM (
  SELECT p.category, c.segment, SUM(f.revenue_cents) AS revenue_cents, SUM(f.quantity) AS units, 0 AS customers
  FROM warehouse.fact_sales f
  JOIN warehouse.dim_product p ON p.product_key = f.product_key
  JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
  WHERE f.file_id IN ({added})
  GROUP BY p.category, c.segment
  UNION ALL
  SELECT d.category, d.segment, 0, 0, COUNT(*)
  FROM (SELECT DISTINCT p.category, c.segment, c.customer_id
        FROM warehouse.fact_sales f
        JOIN warehouse.dim_product p ON p.product_key = f.product_key
        JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
        WHERE f.file_id IN ({added})) d
  WHERE NOT EXISTS (
    SELECT 1 FROM warehouse.dim_customer oc
    JOIN warehouse.fact_sales o ON o.customer_key = oc.customer_key
    JOIN warehouse.dim_product op ON op.product_key = o.product_key
    WHERE oc.customer_id = d.customer_id AND oc.segment = d.segment AND op.category = d.category
      AND o.file_id NOT IN ({added}))
  GROUP BY d.category, d.segment
) s
WHERE TRUE
GROUP BY category, segment
ON CONFLICT (category, segment) DO UPDATE
SET revenue_cents = m.revenue_cents + excluded.revenue_cents, units = m.units + excluded.units,
    unique_customers = m.unique_customers + excluded.unique_customers;
)sql";

/// `sql` with every {added} replaced by the list of added files.
std::string with_added_files(std::string sql, const std::string& files) {
  constexpr std::string_view kAdded = "{added}";
  for (size_t at = sql.find(kAdded); at != std::string::npos; at = sql.find(kAdded, at + files.size()))
    sql.replace(at, kAdded.size(), files);
  return sql;
}

}  // namespace

void refresh_aggregates(Database& database, const std::vector<int64_t>& added_file_ids,
                        bool dimensions_changed) {
  std::string files;
  for (const int64_t file_id : added_file_ids) files += (files.empty() ? "" : ", ") + std::to_string(file_id);
  // COUNT(DISTINCT customer) does not add up across loads: a touched day is summed again whole.
  const std::string days =
      "SELECT DISTINCT date_key FROM warehouse.fact_sales WHERE file_id IN (" + files + ")";
  database.execute(warehouse_sql(
      database,
      "DELETE FROM warehouse.agg_daily_sales WHERE date_key IN (" + days +
          ");\n"
          "INSERT INTO warehouse.agg_daily_sales (date_key, orders, units, revenue_cents, customers)\n"
          "SELECT f.date_key, COUNT(*), SUM(f.quantity), SUM(f.revenue_cents), "
          "COUNT(DISTINCT c.customer_id)\n"
          "FROM warehouse.fact_sales f\n"
          "JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key\n"
          "WHERE f.date_key IN (" +
          days +
          ")\n"
          "GROUP BY f.date_key;\n"));
  // A rewritten dimension row moves names, categories and segments under
  // facts loaded before: those tables are summed again whole.
  if (dimensions_changed) {
    for (const char* sql :
         {kRebuildProductPerformance, kRebuildCustomerMetrics, kRebuildSalesByCategorySegment})
      database.execute(warehouse_sql(database, sql));
    return;
  }
  for (const char* sql : {kAddToProductPerformance, kAddToCustomerMetrics, kAddToSalesByCategorySegment})
    database.execute(warehouse_sql(database, with_added_files(sql, files)));
}

void rebuild_aggregates(Database& database) {
  for (const char* sql : {kRebuildDailySales, kRebuildProductPerformance, kRebuildCustomerMetrics,
                          kRebuildSalesByCategorySegment})
    database.execute(warehouse_sql(database, sql));
}

}  // namespace ecomflow
