-- Returns what each programme's budget left buys (metrics/shortlist.go).
-- Grain: one row per (market_id, program_id).
-- Inputs: shortlist_budget.
SELECT market_id, program_id, cost_krw, coalesce(cost_source, ''), budget_left_krw, stalls,
       gain_krw, gain_low_krw, gain_high_krw, coalesce(note, '')
FROM shortlist_budget
ORDER BY market_id, program_id
