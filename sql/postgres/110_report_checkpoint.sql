-- The report checkpoint: what every run has summed so far, so that an
-- incremental run adds its own events to it instead of replaying every
-- stored fact. Written in the load's transaction. `counters` holds the
-- sales, trend, product and customer states (base64); the session log is
-- kept as the events themselves, a run's in parts of report_checkpoint_events,
-- because sessions are cut only once every event of a customer is known.
-- fact_events and sales_facts are the row counts the checkpoint covers: a
-- run uses it only while the tables still hold exactly that many rows.
CREATE TABLE IF NOT EXISTS report_checkpoint (
  checkpoint_id INTEGER PRIMARY KEY CHECK (checkpoint_id = 1),
  format_version INTEGER NOT NULL,
  settings TEXT NOT NULL,
  fact_events BIGINT NOT NULL,
  sales_facts BIGINT NOT NULL,
  counters TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS report_checkpoint_events (
  run_id BIGINT NOT NULL,
  part INTEGER NOT NULL,
  events TEXT NOT NULL,
  PRIMARY KEY (run_id, part)
);
