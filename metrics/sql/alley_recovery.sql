-- alley_recovery: an alley's month against its baseline, over stall-days observed on both sides, with the grade (the month/baseline rows of alley_comparison).
-- grain: one row per (market_id, alley_id, month) with a stall-day observed on both sides; $market's months from $month on.
-- inputs: alley_comparison.
INSERT INTO alley_recovery (market_id, alley_id, month, net_krw, baseline_krw, recovery, stalls, baseline_from, baseline_to,
                            relative_recovery, grade)
SELECT market_id, alley_id, period_start, net_krw, baseline_krw, recovery, stalls, baseline_from, baseline_to,
       relative_recovery, grade
FROM alley_comparison
WHERE market_id = $market AND period = 'month' AND period_start >= $month::DATE AND comparison = 'baseline' AND matched_days > 0
