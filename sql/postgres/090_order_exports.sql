-- Order exports (`ecomflow run --orders DIR`, docs/warehouse.md "Order
-- exports"): seed 002's raw CSVs of orders and order items. Valid rows are
-- bulk-loaded into the staging tables, moved into the shop's orders and
-- order_items (numbered by the shop, the export's id kept in
-- export_order_id, unique, so an order is never taken twice) and the
-- staging tables emptied again, all in the run's load transaction. From
-- there the order-facts load (migration 060) takes them into the warehouse.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS export_order_id TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS orders_export_order_id ON orders (export_order_id)
  WHERE export_order_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS staging.orders (
  export_order_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  payment_method TEXT NOT NULL,
  total_cents BIGINT NOT NULL,
  created_at TEXT NOT NULL  -- 'YYYY-MM-DDTHH:MM:SSZ', UTC
);
CREATE TABLE IF NOT EXISTS staging.order_items (
  export_order_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  unit_price_cents BIGINT NOT NULL,
  PRIMARY KEY (export_order_id, product_id)
);
