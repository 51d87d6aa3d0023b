-- The SQL of one checkout of a one-line cart, as commerce/checkout.cpp runs
-- it, for pgbench (the database's own floor for the same transaction).
\set p random(1, 50)
\set c random(1, 1000)
SELECT order_id FROM orders WHERE idempotency_key = 'none';
SELECT 1 FROM customers WHERE customer_id = 'c' || lpad(:c::text, 4, '0');
BEGIN;
INSERT INTO orders (customer_id, status, payment_method, total_cents, created_at, idempotency_key)
  VALUES ('c' || lpad(:c::text, 4, '0'), 'placed', 'card', 0, now(), NULL)
  ON CONFLICT (idempotency_key) DO NOTHING RETURNING order_id \gset
UPDATE products SET stock = stock - 1, version = version + 1
  WHERE product_id = 'p' || lpad(:p::text, 3, '0') AND stock >= 1
  RETURNING product_id, product_name, category, price::text, stock, metadata::text, version;
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents)
  VALUES (:order_id, 'p' || lpad(:p::text, 3, '0'), 1, 1000);
UPDATE orders SET total_cents = 1000 WHERE order_id = :order_id;
COMMIT;
