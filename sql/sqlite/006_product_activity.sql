-- Views and cart adds per input file, day and product version: what
-- agg_product_performance needs from fact_events, at a grain of a few rows per
-- product and day instead of one per event. The loader writes it next to
-- fact_events and deletes it with them (file replaced, full refresh,
-- backfill), so the aggregate is rebuilt from the whole history without
-- scanning every event. Filled here from the events already loaded.
CREATE TABLE IF NOT EXISTS warehouse_fact_product_activity (
  date_key INTEGER NOT NULL,
  product_key BIGINT NOT NULL,
  file_id BIGINT NOT NULL,
  product_views BIGINT NOT NULL,
  cart_adds BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_product_activity_file ON warehouse_fact_product_activity (file_id);
CREATE INDEX IF NOT EXISTS fact_product_activity_date ON warehouse_fact_product_activity (date_key);

INSERT INTO warehouse_fact_product_activity (date_key, product_key, file_id, product_views, cart_adds)
SELECT date_key, product_key, file_id,
       SUM(CASE WHEN event_type_key = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN event_type_key = 2 THEN 1 ELSE 0 END)
FROM warehouse_fact_events
WHERE product_key IS NOT NULL AND event_type_key IN (1, 2)
GROUP BY date_key, product_key, file_id;
