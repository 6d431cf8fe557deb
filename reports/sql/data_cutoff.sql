-- Returns the last business day with a sales line: the report's data cut-off.
-- Grain: one row (NULL when the market has no sales).
-- Inputs: ? market_id.
SELECT max(sale_date) AS cutoff
FROM sales
WHERE market_id = ?
