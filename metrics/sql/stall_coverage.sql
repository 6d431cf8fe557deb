-- stall_coverage: the days each stall has sales data for: every day of the period of each sales export holding its rows.
-- grain: one row per (market_id, stall_id, day) covered by at least one export of a source that loads sales (not events or footfall); $market's days from $from on.
-- inputs: file_stalls, ingest_files (exports whose period reaches $from), sales (which sources load sales).
INSERT INTO stall_coverage
SELECT DISTINCT fs.market_id, fs.stall_id,
       unnest(generate_series(greatest(f.period_from, $from::DATE), f.period_to, INTERVAL 1 DAY))::DATE
FROM file_stalls AS fs
JOIN ingest_files AS f USING (file_sha256)
WHERE fs.market_id = $market AND f.period_from IS NOT NULL AND f.period_to >= $from::DATE
  AND fs.source IN (SELECT DISTINCT source FROM sales)
