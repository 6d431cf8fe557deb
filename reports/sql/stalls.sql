-- Returns every stall with its recovery in the market's latest comparable month (the last month in which any stall's recovery is known).
-- Grain: one row per stall, by alley then stall; the recovery columns are NULL when the stall has no row that month.
-- Inputs: ? market_id, ? market_id.
WITH latest AS (
    SELECT max(month) AS month
    FROM stall_recovery
    WHERE market_id = ? AND recovery IS NOT NULL
)
SELECT s.stall_id, s.name, s.alley_id, s.category, s.opened_on, s.closed_on,
       latest.month, r.month IS NOT NULL AS has_row, r.recovery, r.reason, r.missing_days
FROM stalls AS s
CROSS JOIN latest
LEFT JOIN stall_recovery AS r
       ON r.market_id = s.market_id AND r.stall_id = s.stall_id AND r.month = latest.month
WHERE s.market_id = ?
ORDER BY s.alley_id, s.stall_id
