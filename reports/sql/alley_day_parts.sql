-- Returns each alley's offline sales and visitors by month and day part over the hours counted.
-- Grain: one row per alley, month and day part, by alley, month, then part.
-- Inputs: ? market_id.
SELECT alley_id, month, part, name, hours, hours_skipped, visitors, offline_krw, transactions
FROM alley_day_parts
WHERE market_id = ?
ORDER BY alley_id, month, part
