-- sales_uncontended: no line of the batch is stored already or held by two of its files: no occurrences to order.
-- grain: none (an empty batch_occurrences, for sales_insert and sales_counts).
-- inputs: none.
CREATE TEMP TABLE batch_occurrences (market_id VARCHAR, order_key VARCHAR, file_seq INTEGER, first BOOLEAN, changed BOOLEAN)
