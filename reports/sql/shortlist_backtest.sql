-- Returns each programme's backtest of the shortlist: the wave it was tested on and how well the ranking made before it ordered the gains.
-- Grain: one row per (market_id, program_id).
-- Inputs: shortlist_backtest.
SELECT market_id, program_id, cutoff, wave_stalls, months_after, spearman, top_third_share, random_share, random_p, coalesce(note, '')
FROM shortlist_backtest
ORDER BY market_id, program_id
