-- Named analytics queries as views over the warehouse (`ecomflow query NAME`,
-- docs/warehouse.md). Money is integer cents; sums are cast back to BIGINT so
-- both backends return the same text. Months are YYYYMM integers
-- (date_key / 100), which needs no date functions and sorts correctly.

-- Seed 001's sales report: revenue, units and distinct customers per product
-- category and customer segment, as of each sale (type-2 dimension versions).
CREATE OR REPLACE VIEW warehouse.v_sales_report AS
SELECT p.category,
       c.segment AS customer_segment,
       CAST(SUM(f.revenue_cents) AS BIGINT) AS total_revenue_cents,
       CAST(SUM(f.quantity) AS BIGINT) AS units_sold,
       COUNT(DISTINCT c.customer_id) AS unique_customers
FROM warehouse.fact_sales f
JOIN warehouse.dim_product p ON p.product_key = f.product_key
JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
GROUP BY p.category, c.segment;

-- Products ranked by revenue within their category.
CREATE OR REPLACE VIEW warehouse.v_product_rank AS
SELECT category,
       product_id,
       product_name,
       orders,
       units,
       revenue_cents,
       RANK() OVER (PARTITION BY category ORDER BY revenue_cents DESC) AS category_rank
FROM warehouse.agg_product_performance;

-- Every purchasing customer's lifetime value, from the sales facts.
CREATE OR REPLACE VIEW warehouse.v_customer_lifetime_value AS
WITH purchases AS (
  SELECT c.customer_id, f.event_time, f.revenue_cents
  FROM warehouse.fact_sales f
  JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
), per_customer AS (
  SELECT customer_id,
         COUNT(*) AS orders,
         CAST(SUM(revenue_cents) AS BIGINT) AS revenue_cents,
         MIN(event_time) AS first_purchase,
         MAX(event_time) AS last_purchase
  FROM purchases
  GROUP BY customer_id
)
SELECT pc.customer_id,
       cur.segment,
       cur.join_date,
       pc.orders,
       pc.revenue_cents AS lifetime_value_cents,
       pc.revenue_cents / pc.orders AS average_order_cents,
       pc.first_purchase,
       pc.last_purchase,
       RANK() OVER (ORDER BY pc.revenue_cents DESC) AS value_rank
FROM per_customer pc
JOIN warehouse.dim_customer cur ON cur.customer_id = pc.customer_id AND cur.is_current;

-- Revenue per calendar day (days without sales included) and its running total.
CREATE OR REPLACE VIEW warehouse.v_running_daily_revenue AS
SELECT d.date_key,
       d."date",
       COALESCE(a.revenue_cents, 0) AS revenue_cents,
       CAST(SUM(COALESCE(a.revenue_cents, 0)) OVER (ORDER BY d.date_key) AS BIGINT) AS running_revenue_cents
FROM warehouse.dim_date d
LEFT JOIN warehouse.agg_daily_sales a ON a.date_key = d.date_key
WHERE d.date_key BETWEEN (SELECT MIN(date_key) FROM warehouse.agg_daily_sales)
                     AND (SELECT MAX(date_key) FROM warehouse.agg_daily_sales);

-- Month-over-month revenue growth per category. growth_percent is NULL when
-- the category had no sales in the calendar month before.
CREATE OR REPLACE VIEW warehouse.v_category_mom_growth AS
WITH monthly AS (
  SELECT f.date_key / 100 AS month_key,
         p.category,
         CAST(SUM(f.revenue_cents) AS BIGINT) AS revenue_cents
  FROM warehouse.fact_sales f
  JOIN warehouse.dim_product p ON p.product_key = f.product_key
  GROUP BY f.date_key / 100, p.category
), indexed AS (
  SELECT month_key, category, revenue_cents,
         (month_key / 100) * 12 + month_key % 100 AS month_index,
         LAG(revenue_cents) OVER (PARTITION BY category ORDER BY month_key) AS previous_revenue_cents,
         LAG((month_key / 100) * 12 + month_key % 100) OVER (PARTITION BY category ORDER BY month_key) AS previous_index
  FROM monthly
)
SELECT month_key,
       category,
       revenue_cents,
       CASE WHEN previous_index = month_index - 1 THEN previous_revenue_cents END AS previous_revenue_cents,
       CASE WHEN previous_index = month_index - 1 AND previous_revenue_cents <> 0
            THEN ROUND(100.0 * (revenue_cents - previous_revenue_cents) / previous_revenue_cents, 2) END
         AS growth_percent
FROM indexed;

-- Cohorts by the customer's join month: the share of each cohort that
-- purchased in the join month and every later month.
CREATE OR REPLACE VIEW warehouse.v_cohort_retention AS
WITH cohorts AS (
  SELECT customer_id, join_date_key / 100 AS cohort_month
  FROM warehouse.dim_customer
  WHERE is_current
), cohort_sizes AS (
  SELECT cohort_month, COUNT(*) AS cohort_size
  FROM cohorts
  GROUP BY cohort_month
), active AS (
  SELECT DISTINCT c.customer_id, f.date_key / 100 AS activity_month
  FROM warehouse.fact_sales f
  JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
)
SELECT co.cohort_month,
       a.activity_month,
       (a.activity_month / 100) * 12 + a.activity_month % 100
         - ((co.cohort_month / 100) * 12 + co.cohort_month % 100) AS months_since_join,
       s.cohort_size,
       COUNT(*) AS active_customers,
       ROUND(100.0 * COUNT(*) / s.cohort_size, 2) AS retention_percent
FROM active a
JOIN cohorts co ON co.customer_id = a.customer_id
JOIN cohort_sizes s ON s.cohort_month = co.cohort_month
WHERE a.activity_month >= co.cohort_month
GROUP BY co.cohort_month, a.activity_month, s.cohort_size;
