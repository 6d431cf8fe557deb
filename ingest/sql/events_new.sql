-- events_new: events of the batch not yet in the warehouse, each from the first file (in load order) that has it.
-- grain: one row per new (market_id, event_date, stall_id, kind, title).
-- inputs: incoming_events, events.
CREATE TEMP TABLE batch_new AS
SELECT i.*
FROM incoming_events AS i
WHERE NOT EXISTS (SELECT 1 FROM events AS e
                  WHERE e.market_id = i.market_id AND e.event_date = i.event_date AND e.stall_id = i.stall_id
                    AND e.kind = i.kind AND e.title IS NOT DISTINCT FROM i.title)
QUALIFY row_number() OVER (PARTITION BY i.market_id, i.event_date, i.stall_id, i.kind, i.title ORDER BY i.file_seq) = 1
