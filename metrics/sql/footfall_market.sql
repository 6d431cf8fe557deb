-- footfall_market: visitors to the market by hour, day and month over all sensors, beside the sensor-hours read and expected.
-- grain: one row per (market_id, period, period_start); visitors NULL when no sensor-hour was read; $market's hours and days from $from and months from $month on.
-- inputs: footfall_alley of those periods.
INSERT INTO footfall_market (market_id, period, period_start, visitors, hours_read, hours_expected)
SELECT market_id, period, period_start, sum(visitors), sum(hours_read), sum(hours_expected)
FROM footfall_alley
WHERE market_id = $market AND period_start >= CASE period WHEN 'month' THEN $month::DATE ELSE $from::DATE END
GROUP BY ALL
