-- The star-schema warehouse (docs/warehouse.md). SQLite has no schemas, so
-- the PostgreSQL schemas staging, production and warehouse become table-name
-- prefixes (warehouse.fact_sales -> warehouse_fact_sales); the columns, keys
-- and SQL are otherwise the same. Times are 'YYYY-MM-DD HH:MM:SS' UTC text,
-- dates 'YYYY-MM-DD', booleans 0/1.
-- Fact tables carry no foreign keys: the loader resolves every key before it
-- writes (tests check integrity).

CREATE TABLE IF NOT EXISTS staging_catalog_customers (
  run_id BIGINT NOT NULL,
  customer_id TEXT NOT NULL,
  join_date TEXT NOT NULL,
  segment TEXT NOT NULL,
  PRIMARY KEY (run_id, customer_id)
);

CREATE TABLE IF NOT EXISTS staging_catalog_products (
  run_id BIGINT NOT NULL,
  product_id TEXT NOT NULL,
  product_name TEXT NOT NULL,
  category TEXT NOT NULL,
  price NUMERIC(10,2) NOT NULL,
  stock INTEGER NOT NULL,
  PRIMARY KEY (run_id, product_id)
);

-- Every valid event as its fields arrived (text), for audits. Off by default.
CREATE TABLE IF NOT EXISTS staging_events (
  run_id BIGINT NOT NULL,
  file_id BIGINT NOT NULL,
  source_entry TEXT,
  record_index BIGINT,
  "timestamp" TEXT,
  customer_id TEXT,
  event_type TEXT,
  product_id TEXT,
  quantity TEXT,
  session_id TEXT,
  event_id TEXT
);
CREATE INDEX IF NOT EXISTS staging_events_file ON staging_events (file_id);

CREATE TABLE IF NOT EXISTS production_customers (
  customer_id TEXT PRIMARY KEY,
  join_date TEXT NOT NULL,
  segment TEXT NOT NULL,
  updated_run_id BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS production_products (
  product_id TEXT PRIMARY KEY,
  product_name TEXT NOT NULL,
  category TEXT NOT NULL,
  price NUMERIC(10,2) NOT NULL,
  price_cents BIGINT NOT NULL,
  stock INTEGER NOT NULL,
  updated_run_id BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS warehouse_dim_customer (
  customer_key INTEGER PRIMARY KEY,
  customer_id TEXT NOT NULL,
  join_date TEXT NOT NULL,
  join_date_key INTEGER NOT NULL,
  segment TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  is_current BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS dim_customer_version ON warehouse_dim_customer (customer_id, valid_from);
CREATE UNIQUE INDEX IF NOT EXISTS dim_customer_current ON warehouse_dim_customer (customer_id) WHERE is_current;

CREATE TABLE IF NOT EXISTS warehouse_dim_product (
  product_key INTEGER PRIMARY KEY,
  product_id TEXT NOT NULL,
  product_name TEXT NOT NULL,
  category TEXT NOT NULL,
  price NUMERIC(10,2) NOT NULL,
  price_cents BIGINT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  is_current BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS dim_product_version ON warehouse_dim_product (product_id, valid_from);
CREATE UNIQUE INDEX IF NOT EXISTS dim_product_current ON warehouse_dim_product (product_id) WHERE is_current;

CREATE TABLE IF NOT EXISTS warehouse_dim_date (
  date_key INTEGER PRIMARY KEY,
  "date" TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  quarter INTEGER NOT NULL,
  month INTEGER NOT NULL,
  day INTEGER NOT NULL,
  iso_week INTEGER NOT NULL,
  iso_year INTEGER NOT NULL,
  weekday INTEGER NOT NULL,
  is_weekend BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS warehouse_dim_event_type (
  event_type_key INTEGER PRIMARY KEY,
  event_type TEXT NOT NULL UNIQUE,
  funnel_step INTEGER NOT NULL
);
INSERT INTO warehouse_dim_event_type (event_type_key, event_type, funnel_step) VALUES
  (0, 'page_view', 1), (1, 'view_product', 2), (2, 'add_to_cart', 3), (3, 'remove_from_cart', 3),
  (4, 'purchase', 4)
ON CONFLICT (event_type_key) DO NOTHING;

CREATE TABLE IF NOT EXISTS warehouse_fact_sales (
  date_key INTEGER NOT NULL,
  event_time TEXT NOT NULL,
  customer_key BIGINT NOT NULL,
  product_key BIGINT NOT NULL,
  quantity INTEGER NOT NULL,
  unit_price_cents BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  file_id BIGINT NOT NULL,
  run_id BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_sales_file ON warehouse_fact_sales (file_id);
CREATE INDEX IF NOT EXISTS fact_sales_date ON warehouse_fact_sales (date_key);
CREATE INDEX IF NOT EXISTS fact_sales_product ON warehouse_fact_sales (product_key);
CREATE INDEX IF NOT EXISTS fact_sales_customer ON warehouse_fact_sales (customer_key, event_time);

-- The big one: every valid event.
CREATE TABLE IF NOT EXISTS warehouse_fact_events (
  date_key INTEGER NOT NULL,
  event_time TEXT NOT NULL,
  customer_key BIGINT NOT NULL,
  product_key BIGINT,
  event_type_key SMALLINT NOT NULL,
  quantity INTEGER NOT NULL,
  session_key BIGINT NOT NULL,
  file_id BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_events_file ON warehouse_fact_events (file_id);
CREATE INDEX IF NOT EXISTS fact_events_date ON warehouse_fact_events (date_key);

CREATE TABLE IF NOT EXISTS warehouse_agg_daily_sales (
  date_key INTEGER PRIMARY KEY,
  orders BIGINT NOT NULL,
  units BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  customers BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS warehouse_agg_product_performance (
  product_id TEXT PRIMARY KEY,
  product_name TEXT NOT NULL,
  category TEXT NOT NULL,
  orders BIGINT NOT NULL,
  units BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  customers BIGINT NOT NULL,
  product_views BIGINT NOT NULL,
  cart_adds BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS warehouse_agg_customer_metrics (
  customer_id TEXT PRIMARY KEY,
  segment TEXT NOT NULL,
  join_date TEXT NOT NULL,
  first_purchase TEXT,
  last_purchase TEXT,
  orders BIGINT NOT NULL,
  units BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS warehouse_agg_sales_by_category_segment (
  category TEXT NOT NULL,
  segment TEXT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  units BIGINT NOT NULL,
  unique_customers BIGINT NOT NULL,
  PRIMARY KEY (category, segment)
);

-- One row per stage of a run (decode, load, warehouse, …): the run's profile.
CREATE TABLE IF NOT EXISTS pipeline_stage_runs (
  stage_run_id INTEGER PRIMARY KEY,
  run_id BIGINT NOT NULL,
  stage TEXT NOT NULL,
  status TEXT NOT NULL,
  rows_in BIGINT,
  rows_out BIGINT,
  started_at TEXT NOT NULL,
  duration_seconds REAL,
  error TEXT
);
CREATE INDEX IF NOT EXISTS pipeline_stage_runs_run ON pipeline_stage_runs (run_id);
