-- market_recovery: the market's month against its baseline, over stall-days observed on both sides.
-- grain: one row per (market_id, month).
-- inputs: stall_day_pairs.
INSERT INTO market_recovery
SELECT market_id, date_trunc('month', day)::DATE AS month,
       sum(net_krw), sum(baseline_krw),
       CASE WHEN sum(baseline_krw) > 0 THEN sum(net_krw) / sum(baseline_krw) END,
       sum(online_krw), count(DISTINCT stall_id), min(baseline_day), max(baseline_day)
FROM stall_day_pairs
WHERE observed AND baseline_observed
GROUP BY ALL
