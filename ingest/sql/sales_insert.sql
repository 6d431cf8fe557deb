-- sales_insert: lines of this file not yet in the warehouse.
-- grain: one row per new (market_id, source, order_key).
-- inputs: incoming_sales, sales; $1 file sha, $2 as_of, $3 source, $4..$5 the file's sale dates.
INSERT INTO sales (market_id, stall_id, channel, source, order_key, sold_at, sale_date,
                   gross_krw, net_krw, qty, status, buyer_key, file_sha256, as_of)
SELECT i.market_id, i.stall_id, i.channel, i.source, i.order_key, i.sold_at, i.sale_date,
       i.gross_krw, i.net_krw, i.qty, i.status, nullif(i.buyer_key, ''), $1, $2
FROM incoming_sales AS i
WHERE NOT EXISTS (SELECT 1 FROM sales AS s
                  WHERE s.source = $3 AND s.sale_date BETWEEN $4 AND $5
                    AND s.market_id = i.market_id AND s.source = i.source AND s.order_key = i.order_key)
