-- Returns the first and last business days with a sales line.
-- Grain: one row (NULLs when the market has no sales).
-- Inputs: ? market_id.
SELECT min(sale_date), max(sale_date)
FROM sales
WHERE market_id = ?
