-- The catalog tables of seed 001's sql/init.sql.
-- price has NUMERIC affinity, so SQLite stores '24.50' as REAL 24.5 (or
-- INTEGER 10 for '10.00'); ecomflow reads it back with printf('%.2f', price),
-- which is exact for every NUMERIC(10,2) value, and keeps cents in memory.
CREATE TABLE IF NOT EXISTS customers (
  customer_id TEXT PRIMARY KEY,
  join_date DATE NOT NULL,
  segment TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS products (
  product_id TEXT PRIMARY KEY,
  product_name TEXT NOT NULL,
  category TEXT NOT NULL,
  price NUMERIC(10,2) NOT NULL,
  stock INTEGER NOT NULL DEFAULT 0
);
