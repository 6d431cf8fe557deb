-- Returns every stall's monthly recovery with the baseline days it was compared with, their holiday alignment, the recovery against the alley and the prior year and, when NULL, why.
-- Grain: one row per stall and month of stall_recovery, by stall then month; the stall_comparison columns are NULL without a matching row.
-- Inputs: ? market_id.
SELECT r.stall_id, r.month, r.net_krw, r.baseline_krw, r.recovery, r.baseline_from, r.baseline_to, r.reason, r.missing_days,
       r.relative_recovery, b.rule, b.holiday_days, b.offset_from, b.offset_to, y.recovery, y.reason
FROM stall_recovery AS r
LEFT JOIN stall_comparison AS b
       ON b.market_id = r.market_id AND b.stall_id = r.stall_id AND b.period = 'month'
      AND b.period_start = r.month AND b.comparison = 'baseline'
LEFT JOIN stall_comparison AS y
       ON y.market_id = r.market_id AND y.stall_id = r.stall_id AND y.period = 'month'
      AND y.period_start = r.month AND y.comparison = 'prior_year'
WHERE r.market_id = ?
ORDER BY r.stall_id, r.month
