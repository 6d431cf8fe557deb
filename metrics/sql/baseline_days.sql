-- baseline_days: every day beside its like-for-like day of the market's baseline year (the baseline comparison of comparison_days).
-- grain: one row per (market_id, day); $market's days from $from on.
-- inputs: comparison_days.
INSERT INTO baseline_days (market_id, day, baseline_day, rule, offset_days)
SELECT market_id, day, compare_day, rule, offset_days
FROM comparison_days
WHERE market_id = $market AND comparison = 'baseline' AND day >= $from::DATE
