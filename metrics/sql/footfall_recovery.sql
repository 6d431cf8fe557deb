-- footfall_recovery: an alley's visitors in a month against the same sensor-hours of the baseline days.
-- grain: one row per (market_id, alley_id, month); only sensor-hours read on both days count; $market's months from $month on.
-- inputs: footfall_hour (the hours of those months and their baseline hours), baseline_days.
INSERT INTO footfall_recovery
WITH paired AS (
    SELECT f.market_id, f.sensor_id, f.alley_id, f.hour, f.visitors,
           b.baseline_day + (f.hour - f.hour::DATE) AS baseline_hour
    FROM footfall_hour AS f
    JOIN baseline_days AS b ON b.market_id = f.market_id AND b.day = f.hour::DATE
    WHERE f.market_id = $market AND f.hour >= $month::DATE
)
SELECT p.market_id, p.alley_id, date_trunc('month', p.hour)::DATE AS month,
       sum(p.visitors), sum(bf.visitors),
       CASE WHEN sum(bf.visitors) > 0 THEN sum(p.visitors) / sum(bf.visitors) END,
       count(*)
FROM paired AS p
JOIN footfall_hour AS bf
  ON bf.market_id = p.market_id AND bf.sensor_id = p.sensor_id AND bf.hour = p.baseline_hour
GROUP BY ALL
