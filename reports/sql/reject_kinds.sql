-- Returns how many rows of the market's files were refused, by kind of problem.
-- Grain: one row per kind, most frequent first.
-- Inputs: ? market_id.
SELECT r.kind, count(*) AS n
FROM rejects AS r
JOIN ingest_files AS f USING (file_sha256)
WHERE f.market_id = ? OR f.market_id IS NULL
GROUP BY ALL
ORDER BY n DESC, r.kind
