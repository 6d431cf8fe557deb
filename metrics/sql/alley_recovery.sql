-- alley_recovery: an alley's month against its baseline, over stall-days observed on both sides.
-- grain: one row per (market_id, alley_id, month).
-- inputs: stall_day_pairs, stalls.
INSERT INTO alley_recovery
SELECT p.market_id, s.alley_id, date_trunc('month', p.day)::DATE AS month,
       sum(p.net_krw), sum(p.baseline_krw),
       CASE WHEN sum(p.baseline_krw) > 0 THEN sum(p.net_krw) / sum(p.baseline_krw) END,
       count(DISTINCT p.stall_id), min(p.baseline_day), max(p.baseline_day)
FROM stall_day_pairs AS p
JOIN stalls AS s USING (market_id, stall_id)
WHERE p.observed AND p.baseline_observed
GROUP BY ALL
