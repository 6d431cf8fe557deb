-- events_insert: events of this file not yet in the warehouse.
-- grain: one row per new (market_id, event_date, stall_id, kind, title).
-- inputs: incoming_events, events; $1 file sha.
INSERT INTO events (market_id, event_date, stall_id, kind, title, file_sha256)
SELECT i.market_id, i.event_date, i.stall_id, i.kind, i.title, $1
FROM incoming_events AS i
WHERE NOT EXISTS (SELECT 1 FROM events AS e
                  WHERE e.market_id = i.market_id AND e.event_date = i.event_date AND e.stall_id = i.stall_id
                    AND e.kind = i.kind AND e.title IS NOT DISTINCT FROM i.title)
