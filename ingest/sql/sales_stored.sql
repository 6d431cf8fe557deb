-- sales_stored: the lines of the batch the warehouse already holds, with their current values.
-- grain: one row per stored (market_id, order_key) of the batch's source that the batch also holds.
-- inputs: sales, incoming_sales; $1 source, $2..$3 the batch's sale dates (a line's sale date never changes).
CREATE TEMP TABLE batch_stored AS
SELECT s.market_id, s.order_key, s.as_of, s.status, s.net_krw, s.gross_krw, s.qty
FROM sales AS s
SEMI JOIN incoming_sales AS i ON i.market_id = s.market_id AND i.order_key = s.order_key
WHERE s.source = $1 AND s.sale_date BETWEEN $2::DATE AND $3::DATE
