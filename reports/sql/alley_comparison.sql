-- Returns each alley's months against the baseline year and the prior year: sales, recovery, the reason when NULL and the days compared with.
-- Grain: one row per alley and month with a baseline row, by alley then month; the prior-year columns are NULL without a prior-year row.
-- Inputs: ? market_id.
SELECT b.alley_id, b.period_start,
       b.net_krw, b.baseline_krw, b.recovery, b.reason, b.baseline_from, b.baseline_to,
       b.rule, b.holiday_days, b.offset_from, b.offset_to,
       y.net_krw, y.baseline_krw, y.recovery, y.reason, y.baseline_from, y.baseline_to,
       y.rule, y.holiday_days, y.offset_from, y.offset_to
FROM alley_comparison AS b
LEFT JOIN alley_comparison AS y
       ON y.market_id = b.market_id AND y.alley_id = b.alley_id AND y.period = b.period
      AND y.period_start = b.period_start AND y.comparison = 'prior_year'
WHERE b.market_id = ? AND b.period = 'month' AND b.comparison = 'baseline'
ORDER BY b.alley_id, b.period_start
