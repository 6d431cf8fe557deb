-- Returns the market's offline sales and visitors by month and day part, summed over its alleys' counted hours (alley_id is '': the whole market).
-- Grain: one row per month and day part, by month then part.
-- Inputs: ? market_id.
SELECT '' AS alley_id, month, part, min(name) AS name, sum(hours) AS hours, sum(hours_skipped) AS hours_skipped,
       sum(visitors) AS visitors, sum(offline_krw) AS offline_krw, sum(transactions) AS transactions
FROM alley_day_parts
WHERE market_id = ?
GROUP BY month, part
ORDER BY month, part
