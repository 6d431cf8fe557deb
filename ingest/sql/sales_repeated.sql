-- sales_repeated: the lines that more than one file of the batch holds (overlapping exports).
-- grain: one row per repeated (market_id, order_key); none unless $1 (some files' days overlap).
-- inputs: incoming_sales; $1 whether to look.
CREATE TEMP TABLE batch_repeated AS
SELECT market_id, order_key
FROM incoming_sales
WHERE $1
GROUP BY ALL
HAVING count(*) > 1
