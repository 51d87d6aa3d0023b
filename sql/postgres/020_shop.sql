-- The shop's transactional side: customers' contact details, product
-- metadata, orders and their items, and carts kept in the database when no
-- Redis is configured. Money is integer cents (exact on both backends).
ALTER TABLE customers ADD COLUMN IF NOT EXISTS name TEXT;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS email TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS customers_email_key ON customers (email) WHERE email IS NOT NULL;

ALTER TABLE products ADD COLUMN IF NOT EXISTS metadata JSONB NOT NULL DEFAULT '{}';
-- Bumped by every stock or price change the shop makes; caches keep the
-- version they hold and never let an older read overwrite a newer entry.
ALTER TABLE products ADD COLUMN IF NOT EXISTS version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS products_metadata_gin ON products USING GIN (metadata);
CREATE INDEX IF NOT EXISTS products_category_price ON products (category, price);

CREATE TABLE IF NOT EXISTS orders (
  order_id BIGSERIAL PRIMARY KEY,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'placed'
    CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
  payment_method TEXT NOT NULL,
  total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
  created_at TIMESTAMPTZ NOT NULL,
  idempotency_key TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS orders_customer_created ON orders (customer_id, created_at);
CREATE INDEX IF NOT EXISTS orders_created ON orders (created_at);

CREATE TABLE IF NOT EXISTS order_items (
  order_id BIGINT NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX IF NOT EXISTS order_items_product ON order_items (product_id);

-- A cart's expiry (Unix seconds), refreshed on every change; an expired
-- cart that still has items is an abandoned one.
CREATE TABLE IF NOT EXISTS carts (
  customer_id TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS carts_expires ON carts (expires_at);
CREATE TABLE IF NOT EXISTS cart_items (
  customer_id TEXT NOT NULL REFERENCES carts (customer_id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (customer_id, product_id)
);
