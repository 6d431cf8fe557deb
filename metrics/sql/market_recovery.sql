-- market_recovery: the market's month against its baseline, over stall-days observed on both sides (the month/baseline rows of market_comparison).
-- grain: one row per (market_id, month) with a stall-day observed on both sides; $market's months from $month on.
-- inputs: market_comparison.
INSERT INTO market_recovery (market_id, month, net_krw, baseline_krw, recovery, online_krw, stalls, baseline_from, baseline_to)
SELECT market_id, period_start, net_krw, baseline_krw, recovery, online_krw, stalls, baseline_from, baseline_to
FROM market_comparison
WHERE market_id = $market AND period = 'month' AND period_start >= $month::DATE AND comparison = 'baseline' AND matched_days > 0
