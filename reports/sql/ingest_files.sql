-- Returns every file loaded for the market (or for no market in particular) with its row accounting and period.
-- Grain: one row per file, ordered by path.
-- Inputs: ? market_id.
SELECT path, source, rows_read, rows_loaded, rows_duplicate, rows_rejected, period_from, period_to
FROM ingest_files
WHERE market_id = ? OR market_id IS NULL
ORDER BY path, file_sha256
