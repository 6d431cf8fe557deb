-- settlements_resolve: settlement lines loaded before their order export take the stall of the order line the batch loads.
-- grain: one settlements row per line without a stall whose order line is now stored.
-- inputs: settlements, sales; $1 source, $2..$3 the batch's days (a settlement whose line came earlier was resolved then).
UPDATE settlements AS s
SET market_id = i.market_id, stall_id = i.stall_id
FROM sales AS i
WHERE s.stall_id IS NULL AND s.product_order_key = i.order_key
  AND (s.market_id IS NULL OR s.market_id = i.market_id)
  AND i.source = $1 AND i.sale_date BETWEEN $2::DATE AND $3::DATE
