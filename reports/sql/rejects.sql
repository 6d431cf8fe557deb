-- Returns the first rows refused in the market's files, with the file, row, column and reason.
-- Grain: one row per refused row, by file path then row, at most the bound limit.
-- Inputs: ? market_id, ? limit.
SELECT f.path, r.row_number, r.column_name, r.kind, r.reason
FROM rejects AS r
JOIN ingest_files AS f USING (file_sha256)
WHERE f.market_id = ? OR f.market_id IS NULL
ORDER BY f.path, r.row_number, r.column_name
LIMIT ?
