-- `ecomflow stream`: where each consumer group stands on each partition of a
-- topic, what it counted there (consumed = valid + quarantined + duplicates
-- + late), the event-time windows it computed, and the events that came
-- after the watermark. Rows and offsets are written in one transaction, so
-- a stream resumes exactly where its results end. Times are
-- UTC TIMESTAMPs, as in the warehouse.

CREATE TABLE IF NOT EXISTS stream_offsets (
  topic TEXT NOT NULL,
  consumer_group TEXT NOT NULL,
  partition_id INTEGER NOT NULL,
  next_offset BIGINT NOT NULL,        -- first offset whose results are not stored
  watermark TIMESTAMP,                     -- the partition's event-time watermark
  max_event_time TIMESTAMP,
  consumed BIGINT NOT NULL,
  valid BIGINT NOT NULL,
  quarantined BIGINT NOT NULL,
  duplicates BIGINT NOT NULL,
  late BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (topic, consumer_group, partition_id)
);

-- Tumbling windows (60 s and 3600 s) per partition; stream_windows adds the
-- partitions up. Customers are distinct per partition, and a customer's
-- events share a partition (messages are keyed by customer_id), so the sum
-- is the distinct count of the window.
CREATE TABLE IF NOT EXISTS stream_window_partitions (
  topic TEXT NOT NULL,
  consumer_group TEXT NOT NULL,
  window_seconds INTEGER NOT NULL,
  window_start TIMESTAMP NOT NULL,
  partition_id INTEGER NOT NULL,
  events BIGINT NOT NULL,
  customers BIGINT NOT NULL,
  page_views BIGINT NOT NULL,
  product_views BIGINT NOT NULL,
  cart_adds BIGINT NOT NULL,
  cart_removes BIGINT NOT NULL,
  purchases BIGINT NOT NULL,
  units BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  closed BOOLEAN NOT NULL,
  PRIMARY KEY (topic, consumer_group, window_seconds, window_start, partition_id)
);

CREATE OR REPLACE VIEW stream_windows AS
SELECT topic, consumer_group, window_seconds, window_start,
       SUM(events) AS events, SUM(customers) AS customers, SUM(page_views) AS page_views,
       SUM(product_views) AS product_views, SUM(cart_adds) AS cart_adds, SUM(cart_removes) AS cart_removes,
       SUM(purchases) AS purchases, SUM(units) AS units, SUM(revenue_cents) AS revenue_cents,
       BOOL_AND(closed) AS closed
FROM stream_window_partitions
GROUP BY topic, consumer_group, window_seconds, window_start;

-- Valid events that arrived after their partition's watermark had passed
-- them: kept whole, never folded into closed windows, never dropped.
CREATE TABLE IF NOT EXISTS late_events (
  topic TEXT NOT NULL,
  consumer_group TEXT NOT NULL,
  partition_id INTEGER NOT NULL,
  kafka_offset BIGINT NOT NULL,
  event_time TIMESTAMP NOT NULL,
  watermark TIMESTAMP NOT NULL,
  late_seconds DOUBLE PRECISION NOT NULL,         -- how far behind the watermark
  raw TEXT NOT NULL,
  PRIMARY KEY (topic, consumer_group, partition_id, kafka_offset)
);
