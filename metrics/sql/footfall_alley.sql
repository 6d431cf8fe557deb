-- footfall_alley: visitors per alley by hour, day and month over its sensors, beside the sensor-hours read and expected: a sensor-hour without a reading is missing, not zero.
-- grain: one row per (market_id, alley_id, period, period_start); period hour (every open hour of every day from the market's first to its last reading, and any other hour read), day or month; visitors NULL when no sensor-hour was read; $market's hours and days from $from and months from $month on.
-- inputs: footfall_hour (the span and the sensors read, the hours from $from on), footfall_sensor of those days and months, sensors, day_parts.
INSERT INTO footfall_alley (market_id, alley_id, period, period_start, visitors, hours_read, hours_expected)
WITH span AS (
    SELECT market_id, min(hour)::DATE AS first_day, max(hour)::DATE AS last_day FROM footfall_hour WHERE market_id = $market GROUP BY ALL
), alleys AS (
    -- market.yaml's sensors, and any other sensor read
    SELECT market_id, alley_id, count(*) AS sensors
    FROM (SELECT market_id, sensor_id, alley_id FROM sensors WHERE market_id = $market
          UNION
          SELECT DISTINCT market_id, sensor_id, alley_id FROM footfall_hour WHERE market_id = $market)
    GROUP BY ALL
), grid AS (
    SELECT a.market_id, a.alley_id, a.sensors, d.day + to_hours(p.hour) AS hour
    FROM span AS sp
    JOIN alleys AS a USING (market_id)
    CROSS JOIN LATERAL (SELECT unnest(generate_series(greatest(sp.first_day, $from::DATE), sp.last_day, INTERVAL 1 DAY))::DATE AS day) AS d
    CROSS JOIN day_parts AS p
    WHERE p.open
), read AS (
    SELECT market_id, alley_id, hour, sum(visitors) AS visitors, count(*) AS hours_read
    FROM footfall_hour
    WHERE market_id = $market AND hour >= $from::DATE
    GROUP BY ALL
), hours AS (
    SELECT coalesce(g.market_id, r.market_id) AS market_id, coalesce(g.alley_id, r.alley_id) AS alley_id,
           coalesce(g.hour, r.hour) AS hour, r.visitors, coalesce(r.hours_read, 0) AS hours_read,
           coalesce(g.sensors, r.hours_read) AS hours_expected
    FROM grid AS g
    FULL JOIN read AS r ON r.market_id = g.market_id AND r.alley_id = g.alley_id AND r.hour = g.hour
)
SELECT market_id, alley_id, 'hour', hour, visitors, hours_read, hours_expected
FROM hours
UNION ALL
SELECT market_id, alley_id, period, period_start, sum(visitors), sum(hours_read), sum(hours_expected)
FROM footfall_sensor
WHERE market_id = $market AND period_start >= CASE period WHEN 'month' THEN $month::DATE ELSE $from::DATE END
GROUP BY ALL
