-- spend_new: ledger lines of the batch not yet in the warehouse, each from the first file (in load order) that has it.
-- grain: one row per new (market_id, line_key).
-- inputs: incoming_spend, spend.
CREATE TEMP TABLE batch_new AS
SELECT i.*
FROM incoming_spend AS i
ANTI JOIN spend AS s ON s.market_id = i.market_id AND s.line_key = i.line_key
QUALIFY row_number() OVER (PARTITION BY i.market_id, i.line_key ORDER BY i.file_seq) = 1
