-- What the pipeline remembers between runs: the runs themselves, which input
-- files were processed (so incremental runs skip them), the purchases they
-- held (so reports can be recomputed over every processed file) and the
-- records set aside. Times are ISO-8601 UTC text.
CREATE TABLE IF NOT EXISTS pipeline_runs (
  run_id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  records_read BIGINT,
  valid BIGINT,
  quarantined BIGINT,
  duplicates BIGINT,
  files_read BIGINT,
  files_quarantined BIGINT,
  elapsed_seconds REAL,
  message TEXT
);

CREATE TABLE IF NOT EXISTS ingest_ledger (
  file_id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_hash TEXT NOT NULL,
  run_id BIGINT,
  processed_at TEXT NOT NULL,
  records_read BIGINT,
  UNIQUE (path, content_hash)
);

CREATE TABLE IF NOT EXISTS quarantine (
  quarantine_id INTEGER PRIMARY KEY,
  run_id BIGINT,
  file_id BIGINT,
  reason TEXT NOT NULL,
  detail TEXT,
  source_file TEXT,
  source_entry TEXT,
  record_index BIGINT,
  raw TEXT,
  quarantined_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS quarantine_run ON quarantine (run_id);

CREATE TABLE IF NOT EXISTS sales_facts (
  file_id BIGINT NOT NULL,
  event_time TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  unit_price_cents BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS sales_facts_file ON sales_facts (file_id);
