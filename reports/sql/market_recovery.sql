-- Returns the market's monthly sales, baseline, recovery and online sales.
-- Grain: one row per month, oldest first.
-- Inputs: ? market_id.
SELECT month, net_krw, baseline_krw, recovery, online_krw
FROM market_recovery
WHERE market_id = ?
ORDER BY month
