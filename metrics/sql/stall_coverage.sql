-- stall_coverage: the days each stall has sales data for: every day of the period of each sales export holding its rows.
-- grain: one row per (market_id, stall_id, day) covered by at least one export of a source that loads sales (not events or footfall).
-- inputs: file_stalls, ingest_files, sales.
INSERT INTO stall_coverage
SELECT DISTINCT fs.market_id, fs.stall_id, unnest(generate_series(f.period_from, f.period_to, INTERVAL 1 DAY))::DATE
FROM file_stalls AS fs
JOIN ingest_files AS f USING (file_sha256)
WHERE f.period_from IS NOT NULL AND f.period_to IS NOT NULL
  AND fs.source IN (SELECT DISTINCT source FROM sales)
