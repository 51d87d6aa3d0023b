-- The rest of a run's accounting, so a report rendered later from the
-- database (`ecomflow report`) shows exactly what the run counted: the
-- inputs found and skipped, the bytes read and decoded, and the quarantined
-- records and unreadable files by reason (text `reason=count,...`). NULL for
-- runs recorded before this migration.
ALTER TABLE pipeline_runs ADD COLUMN inputs_seen BIGINT;
ALTER TABLE pipeline_runs ADD COLUMN inputs_skipped BIGINT;
ALTER TABLE pipeline_runs ADD COLUMN bytes_read BIGINT;
ALTER TABLE pipeline_runs ADD COLUMN bytes_decoded BIGINT;
ALTER TABLE pipeline_runs ADD COLUMN quarantined_by_reason TEXT;
ALTER TABLE pipeline_runs ADD COLUMN file_problems_by_reason TEXT;
