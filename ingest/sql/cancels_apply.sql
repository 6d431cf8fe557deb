-- cancels_apply: nets every cancellation out of the approval it cancels.
-- grain: one sales row per approval touched by this file (its lines or its cancellations).
-- inputs: cancels, sales, incoming_sales, incoming_cancels.
UPDATE sales AS s
SET net_krw = greatest(s.gross_krw - c.cancelled, 0),
    status = CASE WHEN c.cancelled >= s.gross_krw THEN 'cancelled' ELSE 'partially_cancelled' END
FROM (
    SELECT market_id, source, order_key, sum(amount_krw) AS cancelled
    FROM cancels
    WHERE (market_id, source, order_key) IN (
        SELECT market_id, source, order_key FROM incoming_cancels
        UNION SELECT market_id, source, order_key FROM incoming_sales)
    GROUP BY ALL
) AS c
WHERE s.market_id = c.market_id AND s.source = c.source AND s.order_key = c.order_key
