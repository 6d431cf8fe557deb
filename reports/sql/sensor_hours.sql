-- Returns how many hours each counter of the market counted visitors in each month (no row for a month it never counted).
-- Grain: one row per sensor and month, by sensor then month; a sensor that never counted has one row with NULL month.
-- Inputs: ? market_id, ? market_id.
SELECT s.sensor_id, coalesce(a.name, s.alley_id) AS alley, s.gate, h.month, h.hours
FROM sensors AS s
LEFT JOIN alleys AS a ON a.market_id = s.market_id AND a.alley_id = s.alley_id
LEFT JOIN (
    SELECT sensor_id, date_trunc('month', hour)::DATE AS month, count(*) AS hours
    FROM footfall_hour
    WHERE market_id = ?
    GROUP BY ALL
) AS h USING (sensor_id)
WHERE s.market_id = ?
ORDER BY s.sensor_id, h.month
