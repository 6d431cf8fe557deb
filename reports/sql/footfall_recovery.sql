-- Returns each alley's monthly visitors, baseline visitors and recovery, with the alley's name.
-- Grain: one row per alley and month, by alley then month.
-- Inputs: ? market_id.
SELECT r.alley_id, coalesce(a.name, r.alley_id) AS name, r.month, r.visitors, r.baseline_visitors, r.recovery
FROM footfall_recovery AS r
LEFT JOIN alleys AS a ON a.market_id = r.market_id AND a.alley_id = r.alley_id
WHERE r.market_id = ?
ORDER BY r.alley_id, r.month
