-- Returns every stall's monthly recovery with the baseline days it was compared with and, when NULL, why.
-- Grain: one row per stall and month, by stall then month.
-- Inputs: ? market_id.
SELECT stall_id, month, net_krw, baseline_krw, recovery, baseline_from, baseline_to, reason, missing_days
FROM stall_recovery
WHERE market_id = ?
ORDER BY stall_id, month
