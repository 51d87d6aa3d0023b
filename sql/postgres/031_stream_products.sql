-- `ecomflow stream`: each product's activity per partition since the
-- partition's first message, and the view that adds the partitions up with
-- the batch reports' rates (view_to_cart = add_to_cart / views,
-- cart_to_purchase = purchases / add_to_cart; 0 when the divisor is 0).

CREATE TABLE IF NOT EXISTS stream_product_partitions (
  topic TEXT NOT NULL,
  consumer_group TEXT NOT NULL,
  partition_id INTEGER NOT NULL,
  product_id TEXT NOT NULL,
  product_views BIGINT NOT NULL,
  cart_adds BIGINT NOT NULL,
  cart_removes BIGINT NOT NULL,
  purchases BIGINT NOT NULL,
  units BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  PRIMARY KEY (topic, consumer_group, partition_id, product_id)
);

CREATE OR REPLACE VIEW stream_product_metrics AS
SELECT topic, consumer_group, product_id,
       SUM(product_views) AS product_views, SUM(cart_adds) AS cart_adds, SUM(cart_removes) AS cart_removes,
       SUM(purchases) AS purchases, SUM(units) AS units, SUM(revenue_cents) AS revenue_cents,
       CASE WHEN SUM(product_views) = 0 THEN 0.0 ELSE 1.0 * SUM(cart_adds) / SUM(product_views) END AS view_to_cart_rate,
       CASE WHEN SUM(cart_adds) = 0 THEN 0.0 ELSE 1.0 * SUM(purchases) / SUM(cart_adds) END AS cart_to_purchase_rate
FROM stream_product_partitions
GROUP BY topic, consumer_group, product_id;
