-- Data-quality history (docs/quality.md): one row per check per invocation of
-- the checks (a batch), and a small sample of each failing check's rows as
-- JSON text. Times are ISO-8601 UTC text.
CREATE TABLE IF NOT EXISTS quality_results (
  result_id INTEGER PRIMARY KEY,
  batch_id BIGINT NOT NULL,
  run_id BIGINT,
  check_name TEXT NOT NULL,
  check_type TEXT NOT NULL,
  table_name TEXT,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  observed REAL,
  threshold TEXT,
  failing_rows BIGINT,
  message TEXT,
  checked_at TEXT NOT NULL,
  duration_ms REAL
);
CREATE INDEX IF NOT EXISTS quality_results_batch ON quality_results (batch_id);
CREATE INDEX IF NOT EXISTS quality_results_check ON quality_results (check_name, batch_id);

CREATE TABLE IF NOT EXISTS quality_failures (
  result_id BIGINT NOT NULL,
  row_number INTEGER NOT NULL,
  row_json TEXT NOT NULL,
  PRIMARY KEY (result_id, row_number)
);
