-- Returns every stall's events (live-commerce broadcasts).
-- Grain: one row per event, by stall then date.
-- Inputs: ? market_id.
SELECT stall_id, event_date, kind, title
FROM events
WHERE market_id = ?
ORDER BY stall_id, event_date, kind, title
