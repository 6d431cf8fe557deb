-- sales_insert_contended: new lines several files of the batch hold: as their first file has them, with the values and
-- export of their final occurrence, net of their cancellations.
-- grain: one row per new contended (market_id, source, order_key).
-- inputs: batch_occurrences, incoming_sales, incoming_files, batch_cancelled; $1 source.
INSERT INTO sales (market_id, stall_id, channel, source, order_key, sold_at, sale_date,
                   gross_krw, net_krw, qty, status, buyer_key, file_sha256, as_of)
SELECT i.market_id, i.stall_id, i.channel, $1, i.order_key, i.sold_at, i.sale_date, v.gross_krw,
       CASE WHEN c.cancelled IS NULL THEN v.net_krw ELSE greatest(v.gross_krw - c.cancelled, 0) END,
       v.qty,
       CASE WHEN c.cancelled IS NULL THEN v.status
            WHEN c.cancelled >= v.gross_krw THEN 'cancelled' ELSE 'partially_cancelled' END,
       i.buyer_key, f.file_sha256, f.as_of
FROM batch_occurrences AS o
JOIN incoming_sales AS i ON i.file_seq = o.file_seq AND i.market_id = o.market_id AND i.order_key = o.order_key
JOIN batch_occurrences AS v ON v.market_id = o.market_id AND v.order_key = o.order_key AND v.final
JOIN incoming_files AS f ON f.file_seq = v.file_seq
LEFT JOIN batch_cancelled AS c ON c.market_id = o.market_id AND c.order_key = o.order_key
WHERE o.first AND NOT o.stored
