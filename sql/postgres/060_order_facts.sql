-- The shop's orders in the warehouse (docs/warehouse.md, "Orders"): one row
-- per order in fact_orders and one per order line in fact_order_items, with
-- the order's status as a dimension and its payment method as a degenerate
-- dimension (a column of the fact). Loaded from the operational orders and
-- order_items (migration 020) on every `ecomflow run`, upserted by order_id,
-- so a re-run never doubles anything and a changed status is updated.
-- Money is integer cents; a cancelled order counts as no revenue.

CREATE TABLE IF NOT EXISTS warehouse.dim_status (
  status_key SMALLINT PRIMARY KEY,
  status TEXT NOT NULL UNIQUE,
  is_revenue BOOLEAN NOT NULL
);
INSERT INTO warehouse.dim_status (status_key, status, is_revenue) VALUES
  (0, 'placed', TRUE), (1, 'paid', TRUE), (2, 'shipped', TRUE), (3, 'delivered', TRUE), (4, 'cancelled', FALSE)
ON CONFLICT (status_key) DO NOTHING;

CREATE TABLE IF NOT EXISTS warehouse.fact_orders (
  order_id BIGINT PRIMARY KEY,
  date_key INTEGER NOT NULL,
  order_time TIMESTAMP NOT NULL,
  customer_key BIGINT NOT NULL,
  status_key SMALLINT NOT NULL,
  payment_method TEXT NOT NULL,
  line_count INTEGER NOT NULL,
  units BIGINT NOT NULL,
  total_cents BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_orders_date ON warehouse.fact_orders (date_key);
CREATE INDEX IF NOT EXISTS fact_orders_customer ON warehouse.fact_orders (customer_key, order_time);

CREATE TABLE IF NOT EXISTS warehouse.fact_order_items (
  order_id BIGINT NOT NULL,
  product_key BIGINT NOT NULL,
  date_key INTEGER NOT NULL,
  customer_key BIGINT NOT NULL,
  quantity INTEGER NOT NULL,
  unit_price_cents BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  PRIMARY KEY (order_id, product_key)
);
CREATE INDEX IF NOT EXISTS fact_order_items_product ON warehouse.fact_order_items (product_key);

-- Seed 002's findings over orders (`ecomflow query NAME`). Revenue leaves
-- cancelled orders out; order counts include them.
CREATE OR REPLACE VIEW warehouse.v_order_revenue_by_status AS
SELECT s.status,
       CAST(s.is_revenue AS INTEGER) AS is_revenue,
       COUNT(*) AS orders,
       CAST(SUM(f.units) AS BIGINT) AS units,
       CAST(SUM(f.total_cents) AS BIGINT) AS total_cents,
       CAST(SUM(f.total_cents) AS BIGINT) / COUNT(*) AS average_order_cents
FROM warehouse.fact_orders f
JOIN warehouse.dim_status s ON s.status_key = f.status_key
GROUP BY s.status_key, s.status, s.is_revenue;

CREATE OR REPLACE VIEW warehouse.v_order_revenue_by_payment_method AS
SELECT f.payment_method,
       COUNT(*) AS orders,
       COUNT(*) FILTER (WHERE NOT s.is_revenue) AS cancelled_orders,
       CAST(COALESCE(SUM(f.total_cents) FILTER (WHERE s.is_revenue), 0) AS BIGINT) AS revenue_cents
FROM warehouse.fact_orders f
JOIN warehouse.dim_status s ON s.status_key = f.status_key
GROUP BY f.payment_method;

-- Weekdays against weekends: revenue per calendar day that had orders.
CREATE OR REPLACE VIEW warehouse.v_order_revenue_by_day_type AS
SELECT CASE WHEN d.is_weekend THEN 'weekend' ELSE 'weekday' END AS day_type,
       COUNT(DISTINCT f.date_key) AS days,
       COUNT(*) AS orders,
       CAST(SUM(f.total_cents) AS BIGINT) AS revenue_cents,
       CAST(SUM(f.total_cents) AS BIGINT) / COUNT(DISTINCT f.date_key) AS revenue_per_day_cents
FROM warehouse.fact_orders f
JOIN warehouse.dim_status s ON s.status_key = f.status_key AND s.is_revenue
JOIN warehouse.dim_date d ON d.date_key = f.date_key
GROUP BY d.is_weekend;

CREATE OR REPLACE VIEW warehouse.v_order_revenue_by_month AS
SELECT f.date_key / 100 AS month_key,
       COUNT(*) AS orders,
       CAST(SUM(f.total_cents) AS BIGINT) AS revenue_cents
FROM warehouse.fact_orders f
JOIN warehouse.dim_status s ON s.status_key = f.status_key AND s.is_revenue
GROUP BY f.date_key / 100;

-- How many lines and units orders have.
CREATE OR REPLACE VIEW warehouse.v_order_size AS
SELECT line_count,
       COUNT(*) AS orders,
       CAST(SUM(units) AS BIGINT) AS units,
       CAST(SUM(total_cents) AS BIGINT) / COUNT(*) AS average_order_cents
FROM warehouse.fact_orders
GROUP BY line_count;
