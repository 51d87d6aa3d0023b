-- Carts keyed by customer, cart lines by (customer, product) and order
-- lines by (order, product), stored WITHOUT ROWID: the key is the table, so
-- a cart change or an order writes one b-tree per table instead of the
-- rowid table and its primary-key index (fewer pages in every commit). The
-- tables are rebuilt under the same names with the same contents.
CREATE TABLE carts_narrow (
  customer_id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO carts_narrow (customer_id, expires_at) SELECT customer_id, expires_at FROM carts;
-- References carts_narrow until it is renamed below (the rename carries the
-- reference along), so dropping the old carts cascades into nothing new.
CREATE TABLE cart_items_narrow (
  customer_id TEXT NOT NULL REFERENCES carts_narrow (customer_id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (customer_id, product_id)
) WITHOUT ROWID;
INSERT INTO cart_items_narrow (customer_id, product_id, quantity)
  SELECT customer_id, product_id, quantity FROM cart_items;
DROP TABLE cart_items;
DROP TABLE carts;
ALTER TABLE carts_narrow RENAME TO carts;
ALTER TABLE cart_items_narrow RENAME TO cart_items;
CREATE INDEX IF NOT EXISTS carts_expires ON carts (expires_at);

CREATE TABLE order_items_narrow (
  order_id INTEGER NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, product_id)
) WITHOUT ROWID;
INSERT INTO order_items_narrow (order_id, product_id, quantity, unit_price_cents)
  SELECT order_id, product_id, quantity, unit_price_cents FROM order_items;
DROP TABLE order_items;
ALTER TABLE order_items_narrow RENAME TO order_items;
CREATE INDEX IF NOT EXISTS order_items_product ON order_items (product_id);
