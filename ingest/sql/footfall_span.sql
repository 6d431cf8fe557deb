-- footfall_span: how many readings of the batch's markets the warehouse holds in the batch's span (none: nothing stored
-- can repeat a reading of the batch).
-- grain: one row. inputs: footfall; $1..$2 the batch's first and last instant, $3 its markets.
SELECT count(*) FROM footfall WHERE ts BETWEEN $1::TIMESTAMP AND $2::TIMESTAMP AND market_id = ANY($3)
