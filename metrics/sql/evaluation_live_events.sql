-- evaluation_live_events: each live-commerce broadcast and the stalls it featured.
-- grain: one row per (market_id, event_date, stall_id) of events of kind 'live'.
-- inputs: events.
SELECT DISTINCT market_id, event_date, stall_id
FROM events
WHERE kind = 'live'
ORDER BY market_id, event_date, stall_id
