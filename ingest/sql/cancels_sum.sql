-- cancels_sum: how much is cancelled of each approval the batch may load or cancel: those its cancellations name, and
-- those with a cancellation recorded before their approval (made on or after its day, so not before the batch's first).
-- grain: one row per (market_id, order_key). inputs: cancels (with the batch's new ones), incoming_cancels; $1 source,
-- $2 the batch's first day.
CREATE TEMP TABLE batch_cancelled AS
WITH touched AS (
    SELECT market_id, order_key FROM incoming_cancels
    UNION
    SELECT market_id, order_key FROM cancels WHERE source = $1 AND cancelled_at >= $2::DATE
)
SELECT c.market_id, c.order_key, sum(c.amount_krw) AS cancelled
FROM cancels AS c
SEMI JOIN touched AS t ON t.market_id = c.market_id AND t.order_key = c.order_key
WHERE c.source = $1
GROUP BY ALL
