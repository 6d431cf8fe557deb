-- stall_recovery: each stall's month against its baseline days, with the grade; NULL with a reason when a day or baseline day lacks data (the month/baseline rows of stall_comparison).
-- grain: one row per (market_id, stall_id, month) with data; $market's months from $month on.
-- inputs: stall_comparison.
INSERT INTO stall_recovery (market_id, stall_id, month, net_krw, baseline_krw, recovery, baseline_from, baseline_to,
                            reason, missing_days, missing_baseline_days, relative_recovery, grade)
SELECT market_id, stall_id, period_start, net_krw, baseline_krw, recovery, baseline_from, baseline_to,
       reason, missing_days, missing_baseline_days, relative_recovery, grade
FROM stall_comparison
WHERE market_id = $market AND period = 'month' AND period_start >= $month::DATE AND comparison = 'baseline'
