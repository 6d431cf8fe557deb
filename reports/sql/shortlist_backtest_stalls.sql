-- Returns the stalls of each programme's backtest wave: their rank and gain predicted before the wave, and what they gained.
-- Grain: one row per (market_id, program_id, stall_id), by predicted rank.
-- Inputs: shortlist_backtest_stalls, stalls.
SELECT b.market_id, b.program_id, b.stall_id, coalesce(s.name, b.stall_id), b.predicted_rank, b.predicted_gain_krw,
       b.realised_effect, b.realised_gain_krw
FROM shortlist_backtest_stalls AS b
LEFT JOIN stalls AS s USING (market_id, stall_id)
ORDER BY b.market_id, b.program_id, b.predicted_rank
