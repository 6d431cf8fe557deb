-- sales_insert: the batch's lines nothing contends with (not stored yet, held by one file only), net of their
-- cancellations. grain: one row per new (market_id, source, order_key).
-- inputs: incoming_sales, incoming_files, batch_occurrences (the contended lines), batch_cancelled; $1 source.
INSERT INTO sales (market_id, stall_id, channel, source, order_key, sold_at, sale_date,
                   gross_krw, net_krw, qty, status, buyer_key, file_sha256, as_of)
SELECT i.market_id, i.stall_id, i.channel, $1, i.order_key, i.sold_at, i.sale_date, i.gross_krw,
       CASE WHEN c.cancelled IS NULL THEN i.net_krw ELSE greatest(i.gross_krw - c.cancelled, 0) END,
       i.qty,
       CASE WHEN c.cancelled IS NULL THEN i.status
            WHEN c.cancelled >= i.gross_krw THEN 'cancelled' ELSE 'partially_cancelled' END,
       i.buyer_key, f.file_sha256, f.as_of
FROM incoming_sales AS i
JOIN incoming_files AS f USING (file_seq)
LEFT JOIN batch_cancelled AS c ON c.market_id = i.market_id AND c.order_key = i.order_key
ANTI JOIN batch_occurrences AS o ON o.market_id = i.market_id AND o.order_key = i.order_key
