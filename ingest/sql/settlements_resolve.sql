-- settlements_resolve: settlement lines loaded before their order export take its stall.
-- grain: one settlements row per line without a stall whose order line this file loads.
-- inputs: incoming_sales (this Smart Store export's lines), settlements.
UPDATE settlements AS s
SET market_id = i.market_id, stall_id = i.stall_id
FROM incoming_sales AS i
WHERE s.stall_id IS NULL AND s.product_order_key = i.order_key
  AND (s.market_id IS NULL OR s.market_id = i.market_id)
