-- Returns the stalls that are not candidates of a programme, and why.
-- Grain: one row per (market_id, program_id, stall_id).
-- Inputs: shortlist_excluded, stalls.
SELECT x.market_id, x.program_id, x.stall_id, coalesce(s.name, x.stall_id), x.reason
FROM shortlist_excluded AS x
LEFT JOIN stalls AS s USING (market_id, stall_id)
ORDER BY x.market_id, x.program_id, x.reason, x.stall_id
