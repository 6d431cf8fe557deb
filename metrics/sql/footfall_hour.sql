-- footfall_hour: visitors per sensor and hour (10-minute readings summed).
-- grain: one row per (market_id, sensor_id, hour) with at least one reading; a missing hour has no row; $market's hours from $from on.
-- inputs: footfall of those hours.
INSERT INTO footfall_hour
SELECT market_id, sensor_id, alley_id, date_trunc('hour', ts), sum(visitors)
FROM footfall
WHERE market_id = $market AND ts >= $from::DATE
GROUP BY ALL
