-- One quarantined record keeps at most `run --max-quarantined-record-kb` of
-- its raw text (1 MiB by default). When `raw` holds only that first part,
-- raw_original_bytes is the record's whole length in bytes; NULL = `raw` is
-- the whole record (whole files are cut to 4 KB, as before, without it).
ALTER TABLE quarantine ADD COLUMN raw_original_bytes BIGINT;
