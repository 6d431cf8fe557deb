-- evaluation_panel: each stall's complete months with total, offline and online net sales, for the program evaluation.
-- grain: one row per (market_id, stall_id, month) whose every day has data (stall_recovery.missing_days = 0).
-- inputs: stall_recovery, stall_month.
SELECT r.market_id, r.stall_id, r.month,
       coalesce(sum(m.net_krw), 0) AS total_krw,
       coalesce(sum(m.net_krw) FILTER (WHERE m.channel = 'offline'), 0) AS offline_krw,
       coalesce(sum(m.net_krw) FILTER (WHERE m.channel IN ('smartstore', 'jangbogi', 'live')), 0) AS online_krw
FROM stall_recovery AS r
LEFT JOIN stall_month AS m USING (market_id, stall_id, month)
WHERE r.missing_days = 0
GROUP BY ALL
ORDER BY r.market_id, r.stall_id, r.month
