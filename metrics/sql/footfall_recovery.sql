-- footfall_recovery: an alley's visitors in a month against the same sensor-hours of the baseline days.
-- grain: one row per (market_id, alley_id, month); only sensor-hours read on both days count.
-- inputs: footfall_hour, baseline_days.
INSERT INTO footfall_recovery
SELECT f.market_id, f.alley_id, date_trunc('month', f.hour)::DATE AS month,
       sum(f.visitors), sum(bf.visitors),
       CASE WHEN sum(bf.visitors) > 0 THEN sum(f.visitors) / sum(bf.visitors) END,
       count(*)
FROM footfall_hour AS f
JOIN baseline_days AS b ON b.market_id = f.market_id AND b.day = f.hour::DATE
JOIN footfall_hour AS bf ON bf.market_id = f.market_id AND bf.sensor_id = f.sensor_id
     AND bf.hour = b.baseline_day + (f.hour - date_trunc('day', f.hour))
GROUP BY ALL
