-- The shop's transactional side: customers' contact details, product
-- metadata (JSON text), orders and their items, and carts kept in the
-- database when no Redis is configured. Money is integer cents (exact).
ALTER TABLE customers ADD COLUMN name TEXT;
ALTER TABLE customers ADD COLUMN email TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS customers_email_key ON customers (email) WHERE email IS NOT NULL;

ALTER TABLE products ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata));
-- Bumped by every stock or price change the shop makes; caches keep the
-- version they hold and never let an older read overwrite a newer entry.
ALTER TABLE products ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS products_category_price ON products (category, price);

CREATE TABLE IF NOT EXISTS orders (
  order_id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'placed'
    CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
  payment_method TEXT NOT NULL,
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
  created_at TEXT NOT NULL,
  idempotency_key TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS orders_customer_created ON orders (customer_id, created_at);
CREATE INDEX IF NOT EXISTS orders_created ON orders (created_at);

CREATE TABLE IF NOT EXISTS order_items (
  order_id INTEGER NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX IF NOT EXISTS order_items_product ON order_items (product_id);

-- A cart's expiry (Unix seconds), refreshed on every change; an expired
-- cart that still has items is an abandoned one.
CREATE TABLE IF NOT EXISTS carts (
  customer_id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS carts_expires ON carts (expires_at);
CREATE TABLE IF NOT EXISTS cart_items (
  customer_id TEXT NOT NULL REFERENCES carts (customer_id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (customer_id, product_id)
);
