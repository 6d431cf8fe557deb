-- Returns the market's weekly sales against the baseline year, with the days compared with, their holiday alignment and, when NULL, why.
-- Grain: one row per ISO week (period_start is its Monday), oldest first.
-- Inputs: ? market_id.
SELECT period_start, net_krw, baseline_krw, recovery, reason, baseline_from, baseline_to,
       rule, holiday_days, offset_from, offset_to
FROM market_comparison
WHERE market_id = ? AND period = 'week' AND comparison = 'baseline'
ORDER BY period_start
