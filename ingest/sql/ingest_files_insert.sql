-- ingest_files_insert: the ledger lines of the batch's files.
-- grain: one row per file (file_sha256).
-- inputs: arrow_ledger.
INSERT INTO ingest_files (file_sha256, path, source, market_id, rows_read, rows_loaded, rows_duplicate,
                          rows_rejected, rows_updated, period_from, period_to, as_of, ingested_at,
                          size_bytes, modified_at)
SELECT * FROM arrow_ledger
