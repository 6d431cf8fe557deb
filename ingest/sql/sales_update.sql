-- sales_update: stored lines a newer export of the batch sets: its values, and it as the line's export.
-- grain: one sales row per stored (market_id, order_key) whose final occurrence is in the batch.
-- inputs: batch_occurrences, incoming_files, sales; $1 source, $2..$3 the batch's sale dates.
UPDATE sales AS s
SET status = v.status, net_krw = v.net_krw, gross_krw = v.gross_krw, qty = v.qty,
    file_sha256 = f.file_sha256, as_of = f.as_of
FROM batch_occurrences AS v
JOIN incoming_files AS f USING (file_seq)
WHERE v.final AND v.stored AND v.file_seq >= 0
  AND s.market_id = v.market_id AND s.order_key = v.order_key
  AND s.source = $1 AND s.sale_date BETWEEN $2::DATE AND $3::DATE
