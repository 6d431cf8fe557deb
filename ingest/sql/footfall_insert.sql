-- footfall_insert: records the batch's new readings.
-- grain: one row per new (market_id, sensor_id, ts).
-- inputs: batch_new (footfall_new, or all of incoming_footfall when nothing can repeat), incoming_files.
INSERT INTO footfall (market_id, sensor_id, alley_id, ts, visitors, file_sha256)
SELECT n.market_id, n.sensor_id, n.alley_id, n.ts, n.visitors, f.file_sha256
FROM batch_new AS n
JOIN incoming_files AS f USING (file_seq)
