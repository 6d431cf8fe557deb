-- cancels_insert: cancellations of this file not yet recorded.
-- grain: one row per new (market_id, cancel_key).
-- inputs: incoming_cancels, cancels; $1 file sha.
INSERT INTO cancels (market_id, source, order_key, cancel_key, amount_krw, cancelled_at, file_sha256)
SELECT i.market_id, i.source, i.order_key, i.cancel_key, i.amount_krw, i.cancelled_at, $1
FROM incoming_cancels AS i
WHERE NOT EXISTS (SELECT 1 FROM cancels AS c WHERE c.market_id = i.market_id AND c.cancel_key = i.cancel_key)
