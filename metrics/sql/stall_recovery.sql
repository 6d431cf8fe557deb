-- stall_recovery: each stall's month against the sum of its baseline days; NULL with a reason when a day or baseline day lacks data.
-- grain: one row per (market_id, stall_id, month) with data.
-- inputs: stall_day_pairs.
INSERT INTO stall_recovery
WITH m AS (
    SELECT market_id, stall_id, date_trunc('month', day)::DATE AS month,
           sum(net_krw) FILTER (WHERE observed) AS net_krw,
           sum(baseline_krw) FILTER (WHERE baseline_observed) AS baseline_krw,
           min(baseline_day) AS baseline_from, max(baseline_day) AS baseline_to,
           count(*) FILTER (WHERE NOT observed) AS missing_days,
           count(*) FILTER (WHERE NOT baseline_observed) AS missing_baseline_days
    FROM stall_day_pairs
    GROUP BY ALL
)
SELECT market_id, stall_id, month, net_krw, baseline_krw,
       CASE WHEN missing_days = 0 AND missing_baseline_days = 0 AND baseline_krw > 0
            THEN net_krw / baseline_krw END,
       baseline_from, baseline_to,
       CASE WHEN missing_days > 0 THEN 'missing_days'
            WHEN missing_baseline_days > 0 THEN 'missing_baseline'
            WHEN coalesce(baseline_krw, 0) <= 0 THEN 'no_baseline_sales' END,
       missing_days, missing_baseline_days
FROM m
