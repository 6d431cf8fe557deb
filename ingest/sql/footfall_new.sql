-- footfall_new: counter readings of the batch not yet in the warehouse, each from the first file (in load order) that
-- has it.
-- grain: one row per new (market_id, sensor_id, ts).
-- inputs: incoming_footfall, footfall; $1..$2 the batch's first and last reading.
CREATE TEMP TABLE batch_new AS
SELECT i.*
FROM incoming_footfall AS i
ANTI JOIN (SELECT market_id, sensor_id, ts FROM footfall WHERE ts BETWEEN $1::TIMESTAMP AND $2::TIMESTAMP) AS f
    ON f.market_id = i.market_id AND f.sensor_id = i.sensor_id AND f.ts = i.ts
QUALIFY row_number() OVER (PARTITION BY i.market_id, i.sensor_id, i.ts ORDER BY i.file_seq) = 1
