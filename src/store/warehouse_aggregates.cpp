/// The agg_* tables, recomputed from the facts after every load: with the
/// whole history behind them, a replaced or backfilled file can never leave a
/// stale partial sum behind. Product views and cart adds come from
/// fact_product_activity (per file, day and product), which the loader keeps
/// in step with fact_events, rather than from every event.

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

}  // namespace

void refresh_aggregates(Database& database, const std::vector<int64_t>& added_file_ids) {
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
  for (const char* sql :
       {kRebuildProductPerformance, kRebuildCustomerMetrics, kRebuildSalesByCategorySegment})
    database.execute(warehouse_sql(database, sql));
}

void rebuild_aggregates(Database& database) {
  for (const char* sql : {kRebuildDailySales, kRebuildProductPerformance, kRebuildCustomerMetrics,
                          kRebuildSalesByCategorySegment})
    database.execute(warehouse_sql(database, sql));
}

}  // namespace ecomflow
