-- sales_update: a newer export of a line already loaded sets its status.
-- grain: one sales row per (market_id, source, order_key) in incoming_sales.
-- inputs: incoming_sales (this file's lines), sales, cancels; $1 file sha, $2 as_of, $3 source, $4..$5 the file's sale dates
-- (a line's sale date never changes, so the constant bounds let DuckDB skip row groups).
UPDATE sales AS s
SET status = i.status, net_krw = i.net_krw, gross_krw = i.gross_krw, qty = i.qty,
    file_sha256 = $1, as_of = $2
FROM incoming_sales AS i
WHERE s.market_id = i.market_id AND s.source = i.source AND s.order_key = i.order_key
  AND s.source = $3 AND s.sale_date BETWEEN $4 AND $5
  AND $2 >= s.as_of
  AND (s.status <> i.status OR s.net_krw <> i.net_krw OR s.gross_krw <> i.gross_krw OR s.qty IS DISTINCT FROM i.qty)
  AND NOT EXISTS (SELECT 1 FROM cancels AS c
                  WHERE c.market_id = s.market_id AND c.source = s.source AND c.order_key = s.order_key)
