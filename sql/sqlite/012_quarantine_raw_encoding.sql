-- Raw text that is not valid UTF-8 or holds a NUL byte cannot be stored as
-- text (PostgreSQL refuses it): such a record keeps the base64 of its bytes
-- in `raw`, and raw_encoding says so ('base64'; NULL = the text as it was).
ALTER TABLE quarantine ADD COLUMN raw_encoding TEXT;
