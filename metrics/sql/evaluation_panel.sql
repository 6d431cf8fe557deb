-- evaluation_panel: each stall's months with total, offline and online net sales, and whether the month can enter the program evaluation.
-- grain: one row per (market_id, stall_id, month) of stall_recovery; complete = every day has data, open_all_month = not opened or closed during it.
-- inputs: stall_recovery, stall_month, stalls (category, else alley, is the comparison group).
SELECT r.market_id, r.stall_id, r.month,
       coalesce(s.category, s.alley_id, '') AS category,
       coalesce(s.alley_id, '') AS alley_id,
       coalesce(r.missing_days, 0) = 0 AS complete,
       NOT (coalesce(s.opened_on > r.month, false) OR coalesce(s.closed_on <= last_day(r.month), false)) AS open_all_month,
       coalesce(sum(m.net_krw), 0) AS total_krw,
       coalesce(sum(m.net_krw) FILTER (WHERE m.channel = 'offline'), 0) AS offline_krw,
       coalesce(sum(m.net_krw) FILTER (WHERE m.channel IN ('smartstore', 'jangbogi', 'live')), 0) AS online_krw
FROM stall_recovery AS r
LEFT JOIN stalls AS s USING (market_id, stall_id)
LEFT JOIN stall_month AS m USING (market_id, stall_id, month)
GROUP BY ALL
ORDER BY r.market_id, r.stall_id, r.month
