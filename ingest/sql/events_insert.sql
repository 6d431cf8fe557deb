-- events_insert: records the batch's new events.
-- grain: one row per new (market_id, event_date, stall_id, kind, title).
-- inputs: batch_new (events_new), incoming_files.
INSERT INTO events (market_id, event_date, stall_id, kind, title, file_sha256)
SELECT n.market_id, n.event_date, n.stall_id, n.kind, n.title, f.file_sha256
FROM batch_new AS n
JOIN incoming_files AS f USING (file_seq)
