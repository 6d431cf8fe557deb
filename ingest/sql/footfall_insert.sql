-- footfall_insert: counter readings of this file not yet in the warehouse.
-- grain: one row per new (market_id, sensor_id, ts).
-- inputs: incoming_footfall, footfall; $1 file sha.
INSERT INTO footfall (market_id, sensor_id, alley_id, ts, visitors, file_sha256)
SELECT i.market_id, i.sensor_id, i.alley_id, i.ts, i.visitors, $1
FROM incoming_footfall AS i
WHERE NOT EXISTS (SELECT 1 FROM footfall AS f
                  WHERE f.market_id = i.market_id AND f.sensor_id = i.sensor_id AND f.ts = i.ts)
