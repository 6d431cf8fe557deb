-- Returns the effect of a live broadcast on the featured stalls' Smart Store sales by days from the broadcast, with the stalls behind it and the sales it added.
-- Grain: one row per day offset, in order; negative offsets (before the broadcast) are placebos.
-- Inputs: ? market_id.
SELECT day_offset, att, ci_low, ci_high, n_events, n_stalls, incremental_krw, low_krw, high_krw
FROM live_effects
WHERE market_id = ?
ORDER BY day_offset
