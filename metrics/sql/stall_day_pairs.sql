-- stall_day_pairs: every day of every month a stall has data in, beside its baseline day.
-- grain: one row per (market_id, stall_id, day) of stall_calendar; a baseline day outside the stall's calendar is not observed; $market's days from $week or $month, whichever is earlier, on.
-- inputs: stall_calendar (those days and their baseline days), baseline_days.
INSERT INTO stall_day_pairs (market_id, stall_id, day, baseline_day, observed, baseline_observed, net_krw, online_krw, baseline_krw)
SELECT c.market_id, c.stall_id, c.day, b.baseline_day,
       c.observed, coalesce(p.observed, false),
       c.net_krw, c.online_krw, coalesce(p.net_krw, 0)
FROM stall_calendar AS c
JOIN baseline_days AS b ON b.market_id = c.market_id AND b.day = c.day
LEFT JOIN stall_calendar AS p ON p.market_id = c.market_id AND p.stall_id = c.stall_id AND p.day = b.baseline_day
WHERE c.market_id = $market AND c.day >= least($week::DATE, $month::DATE)
