-- Seed 003's analytics over the orders in the warehouse (`ecomflow query
-- NAME`; docs/warehouse.md, "Orders"): a product's rank within its category
-- by revenue (a window function), each customer's lifetime value (a CTE) and
-- one customer's order history (a window over the customer's orders; the
-- query takes the customer id). Revenue leaves cancelled orders out; a
-- product or customer is named by its current dimension row.

CREATE OR REPLACE VIEW warehouse.v_order_product_rank AS
-- An order has a product on one line at most (the lines' primary key), so
-- counting lines counts orders, and the lines group by hash, not by a sort.
WITH per_product AS (
  SELECT p.product_id,
         COUNT(*) AS orders,
         CAST(SUM(i.quantity) AS BIGINT) AS units,
         CAST(SUM(i.revenue_cents) AS BIGINT) AS revenue_cents
  FROM warehouse.fact_order_items i
  JOIN warehouse.fact_orders f ON f.order_id = i.order_id
  JOIN warehouse.dim_status s ON s.status_key = f.status_key AND s.is_revenue
  JOIN warehouse.dim_product p ON p.product_key = i.product_key
  GROUP BY p.product_id
)
SELECT cur.category,
       pp.product_id,
       cur.product_name,
       pp.orders,
       pp.units,
       pp.revenue_cents,
       RANK() OVER (PARTITION BY cur.category ORDER BY pp.revenue_cents DESC) AS category_rank
FROM per_product pp
JOIN warehouse.dim_product cur ON cur.product_id = pp.product_id AND cur.is_current;

CREATE OR REPLACE VIEW warehouse.v_order_customer_lifetime_value AS
WITH per_customer AS (
  SELECT c.customer_id,
         COUNT(*) AS orders,
         COUNT(*) FILTER (WHERE NOT s.is_revenue) AS cancelled_orders,
         CAST(COALESCE(SUM(f.total_cents) FILTER (WHERE s.is_revenue), 0) AS BIGINT) AS value_cents,
         MIN(f.order_time) AS first_order,
         MAX(f.order_time) AS last_order
  FROM warehouse.fact_orders f
  JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
  JOIN warehouse.dim_status s ON s.status_key = f.status_key
  GROUP BY c.customer_id
)
SELECT pc.customer_id,
       cur.segment,
       pc.orders,
       pc.cancelled_orders,
       pc.value_cents AS lifetime_value_cents,
       COALESCE(pc.value_cents / NULLIF(pc.orders - pc.cancelled_orders, 0), 0) AS average_order_cents,
       pc.first_order,
       pc.last_order,
       RANK() OVER (ORDER BY pc.value_cents DESC) AS value_rank
FROM per_customer pc
JOIN warehouse.dim_customer cur ON cur.customer_id = pc.customer_id AND cur.is_current;

-- Filtered by customer_id (the query's parameter): every window partitions
-- by it, so the filter goes down to the customer's own orders.
CREATE OR REPLACE VIEW warehouse.v_customer_order_history AS
SELECT c.customer_id,
       ROW_NUMBER() OVER (PARTITION BY c.customer_id ORDER BY f.order_time, f.order_id) AS order_number,
       f.order_id,
       f.order_time,
       s.status,
       f.payment_method,
       f.line_count,
       f.units,
       f.total_cents,
       CAST(SUM(CASE WHEN s.is_revenue THEN f.total_cents ELSE 0 END)
              OVER (PARTITION BY c.customer_id ORDER BY f.order_time, f.order_id) AS BIGINT) AS running_value_cents
FROM warehouse.fact_orders f
JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
JOIN warehouse.dim_status s ON s.status_key = f.status_key;
