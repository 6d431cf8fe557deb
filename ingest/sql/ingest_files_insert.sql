-- ingest_files_insert: the ledger line of one loaded file.
-- grain: one row per file (file_sha256).
-- inputs: bound values only.
INSERT INTO ingest_files (file_sha256, path, source, market_id, rows_read, rows_loaded, rows_duplicate,
                          rows_rejected, rows_updated, period_from, period_to, as_of, ingested_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
