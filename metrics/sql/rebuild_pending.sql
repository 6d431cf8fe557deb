-- rebuild_pending: the markets whose metric tables are behind their facts, each with the first day its facts changed (NULL: rebuild it whole) and its baseline year (NULL: not in market.yaml).
-- grain: one row per market with metrics_pending rows.
-- inputs: metrics_pending, markets.
SELECT p.market_id,
       CASE WHEN bool_or(p.from_day IS NULL) THEN NULL ELSE min(p.from_day) END AS from_day,
       any_value(m.baseline_year) AS baseline_year
FROM metrics_pending AS p
LEFT JOIN markets AS m USING (market_id)
GROUP BY p.market_id
ORDER BY p.market_id
