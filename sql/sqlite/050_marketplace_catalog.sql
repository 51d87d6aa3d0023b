-- What a marketplace catalog carries beyond seed 001's products: the list
-- price before discount (NUMERIC(10,2), read back exactly like price), the
-- rating (0.0-5.0) and how many ratings it has, the whole category tree
-- (`category` keeps its top level) and the currency of the prices (ISO 4217;
-- seed 001's prices name none, USD is assumed). NULL means unknown.
ALTER TABLE products ADD COLUMN list_price NUMERIC(10,2);
ALTER TABLE products ADD COLUMN rating NUMERIC(2,1) CHECK (rating IS NULL OR rating BETWEEN 0 AND 5);
ALTER TABLE products ADD COLUMN rating_count INTEGER CHECK (rating_count IS NULL OR rating_count >= 0);
ALTER TABLE products ADD COLUMN category_path TEXT;
ALTER TABLE products ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
