-- footfall_sensor: visitors per sensor by day and month beside the sensor-hours read and expected: an open hour without a reading is missing, not zero (footfall_hour holds the hours read).
-- grain: one row per (market_id, sensor_id, period, period_start); period day or month; every day from the market's first to its last reading, visitors NULL when no hour was read; expected hours are the open hours (day_parts) and any other hour read; $market's days from $from and months from $month on.
-- inputs: footfall_hour (the span and the sensors read, the hours of those periods), sensors, day_parts.
INSERT INTO footfall_sensor (market_id, sensor_id, alley_id, period, period_start, visitors, hours_read, hours_expected)
WITH span AS (
    SELECT market_id, min(hour)::DATE AS first_day, max(hour)::DATE AS last_day FROM footfall_hour WHERE market_id = $market GROUP BY ALL
), known AS (
    -- market.yaml's sensors, and any other sensor read
    SELECT market_id, sensor_id, alley_id FROM sensors WHERE market_id = $market
    UNION
    SELECT DISTINCT market_id, sensor_id, alley_id FROM footfall_hour WHERE market_id = $market
), grid AS (
    SELECT s.market_id, s.sensor_id, s.alley_id,
           unnest(generate_series(greatest(sp.first_day, $month::DATE), sp.last_day, INTERVAL 1 DAY))::DATE AS day
    FROM span AS sp
    JOIN known AS s USING (market_id)
), read AS (
    SELECT f.market_id, f.sensor_id, f.hour::DATE AS day, sum(f.visitors) AS visitors, count(*) AS hours_read,
           count(*) FILTER (WHERE NOT p.open) AS closed_hours_read
    FROM footfall_hour AS f
    JOIN day_parts AS p ON p.hour = hour(f.hour)
    WHERE f.market_id = $market AND f.hour >= $month::DATE
    GROUP BY ALL
), days AS (
    SELECT g.market_id, g.sensor_id, g.alley_id, g.day, r.visitors,
           coalesce(r.hours_read, 0) AS hours_read,
           (SELECT count(*) FROM day_parts WHERE open) + coalesce(r.closed_hours_read, 0) AS hours_expected
    FROM grid AS g
    LEFT JOIN read AS r ON r.market_id = g.market_id AND r.sensor_id = g.sensor_id AND r.day = g.day
)
SELECT market_id, sensor_id, alley_id, 'day', day, visitors, hours_read, hours_expected
FROM days
WHERE day >= $from::DATE
UNION ALL
SELECT market_id, sensor_id, alley_id, 'month', date_trunc('month', day), sum(visitors), sum(hours_read), sum(hours_expected)
FROM days
GROUP BY ALL
