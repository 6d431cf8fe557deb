-- cancels_new: cancellations of the batch not yet recorded, each from the first file (in load order) that has it.
-- grain: one row per new (market_id, cancel_key).
-- inputs: incoming_cancels, cancels.
CREATE TEMP TABLE batch_new AS
SELECT i.*
FROM incoming_cancels AS i
ANTI JOIN cancels AS c ON c.market_id = i.market_id AND c.cancel_key = i.cancel_key
QUALIFY row_number() OVER (PARTITION BY i.market_id, i.cancel_key ORDER BY i.file_seq) = 1
