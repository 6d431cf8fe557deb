-- settlements_insert: settlement lines of one file of the batch not yet in the warehouse, with the stall of their order
-- line when known.
-- grain: one row per new (product_order_key, settle_kind, settle_status).
-- inputs: incoming_settlements, incoming_files, settlements, sales; $1 the file's file_seq.
INSERT INTO settlements (market_id, stall_id, product_order_key, settle_kind, settle_status, settle_date,
                         base_krw, fee_krw, expected_krw, file_sha256, as_of)
SELECT coalesce(nullif(i.market_id, ''), o.market_id), coalesce(nullif(i.stall_id, ''), o.stall_id),
       i.product_order_key, i.settle_kind, i.settle_status, i.settle_date,
       i.base_krw, i.fee_krw, i.expected_krw, f.file_sha256, f.as_of
FROM incoming_settlements AS i
JOIN incoming_files AS f USING (file_seq)
LEFT JOIN (
    SELECT order_key, any_value(market_id) AS market_id, any_value(stall_id) AS stall_id
    FROM sales
    WHERE source = 'smartstore' AND order_key IN (SELECT product_order_key FROM incoming_settlements WHERE file_seq = $1)
    GROUP BY order_key
) AS o ON o.order_key = i.product_order_key AND (i.market_id = '' OR o.market_id = i.market_id)
WHERE i.file_seq = $1
  AND NOT EXISTS (SELECT 1 FROM settlements AS s
                  WHERE s.product_order_key = i.product_order_key AND s.settle_kind = i.settle_kind
                    AND s.settle_status = i.settle_status)
