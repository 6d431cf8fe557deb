-- cancels_none: the batch's source has no cancellations: nothing is cancelled.
-- grain: none (an empty batch_cancelled, for sales_insert and sales_insert_contended).
-- inputs: none.
CREATE TEMP TABLE batch_cancelled (market_id VARCHAR, order_key VARCHAR, cancelled BIGINT)
