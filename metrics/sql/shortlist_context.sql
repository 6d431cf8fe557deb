-- shortlist_context: what the shortlist says about each stall besides its expected gain — its recovery over the market's last 12 months of data, the market's over the same months, its alley's footfall recovery, and when it closed.
-- grain: one row per (market_id, stall_id) of stalls; recoveries are sums of net over sums of baseline over the months that can be compared (NULL when none).
-- inputs: stalls, stall_recovery, market_recovery, footfall_recovery.
WITH win AS (
    SELECT market_id, max(month) AS last_month, max(month) - INTERVAL 11 MONTH AS first_month
    FROM market_recovery
    GROUP BY market_id
), stall AS (
    SELECT r.market_id, r.stall_id, sum(r.net_krw) / nullif(sum(r.baseline_krw), 0) AS recovery
    FROM stall_recovery AS r JOIN win USING (market_id)
    WHERE r.month BETWEEN win.first_month AND win.last_month AND r.recovery IS NOT NULL
    GROUP BY ALL
), mkt AS (
    SELECT r.market_id, sum(r.net_krw) / nullif(sum(r.baseline_krw), 0) AS recovery
    FROM market_recovery AS r JOIN win USING (market_id)
    WHERE r.month BETWEEN win.first_month AND win.last_month AND r.recovery IS NOT NULL
    GROUP BY ALL
), foot AS (
    SELECT f.market_id, f.alley_id, sum(f.visitors) / nullif(sum(f.baseline_visitors), 0) AS recovery
    FROM footfall_recovery AS f JOIN win USING (market_id)
    WHERE f.month BETWEEN win.first_month AND win.last_month AND f.recovery IS NOT NULL
    GROUP BY ALL
)
SELECT s.market_id, s.stall_id, s.name, s.alley_id, coalesce(a.name, s.alley_id) AS alley_name, coalesce(s.category, '') AS category,
       s.closed_on, stall.recovery, mkt.recovery AS market_recovery, foot.recovery AS footfall_recovery
FROM stalls AS s
LEFT JOIN alleys AS a USING (market_id, alley_id)
LEFT JOIN stall USING (market_id, stall_id)
LEFT JOIN mkt USING (market_id)
LEFT JOIN foot USING (market_id, alley_id)
ORDER BY s.market_id, s.stall_id
