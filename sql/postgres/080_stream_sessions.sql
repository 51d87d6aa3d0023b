-- `ecomflow stream`: sessions per customer as the stream cuts them, with the
-- batch analytics' definition (sessions.csv's columns). An open session is
-- stored as provisional and rewritten as it grows; once the watermark has
-- passed its last event by more than the session gap it is stored final.
-- session_key is the 64-bit hash of session_id read as a signed integer
-- (as in fact_events), 0 for a session cut by the inactivity gap.

CREATE TABLE IF NOT EXISTS stream_sessions (
  topic TEXT NOT NULL,
  consumer_group TEXT NOT NULL,
  partition_id INTEGER NOT NULL,
  customer_id TEXT NOT NULL,
  session_key BIGINT NOT NULL,
  session_start TIMESTAMP NOT NULL,
  session_end TIMESTAMP NOT NULL,
  duration_seconds BIGINT NOT NULL,
  events BIGINT NOT NULL,
  products_viewed BIGINT NOT NULL,
  products_added BIGINT NOT NULL,
  products_purchased BIGINT NOT NULL,
  units BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  abandoned_value_cents BIGINT NOT NULL,
  converted BOOLEAN NOT NULL,
  bounced BOOLEAN NOT NULL,
  abandoned BOOLEAN NOT NULL,
  provisional BOOLEAN NOT NULL,
  PRIMARY KEY (topic, consumer_group, partition_id, customer_id, session_key, session_start)
);
