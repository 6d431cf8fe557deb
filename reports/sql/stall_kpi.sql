-- Returns every stall's monthly figures as Smart Store's statistics show them: orders, average order value, online share, buyers and repeat-buyer rate.
-- Grain: one row per stall and month with sales lines, by stall then month.
-- Inputs: ? market_id.
SELECT stall_id, month, net_krw, orders, aov_krw, online_krw, online_share, buyers, repeat_buyers, repeat_rate, missing_days
FROM stall_kpi
WHERE market_id = ?
ORDER BY stall_id, month
