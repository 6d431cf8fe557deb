-- cancels_insert: records the batch's new cancellations.
-- grain: one row per new (market_id, cancel_key).
-- inputs: batch_new (cancels_new), incoming_files; $1 source.
INSERT INTO cancels (market_id, source, order_key, cancel_key, amount_krw, cancelled_at, file_sha256)
SELECT n.market_id, $1, n.order_key, n.cancel_key, n.amount_krw, n.cancelled_at, f.file_sha256
FROM batch_new AS n
JOIN incoming_files AS f USING (file_seq)
