-- Returns each programme's effect behind its won figures, the won figures and what they cost split into direct and shared spend, the pre-trend checks, persistence after support, the caveats and the verdict.
-- Grain: one row per row of program_impact except the whole project ('all'), by program_id.
-- Inputs: ? market_id.
SELECT program_id, coalesce(name, program_id) AS name, att, ci_low, ci_high, sales_krw, incremental_krw, low_krw, high_krw,
       spend_krw, direct_krw, shared_krw, krw_per_won, low, high, krw_per_won_direct,
       pretrend_p, wald_p, sensitivity_multiple, small_cohorts, dropped,
       persistence, post_support_months, persist_att, persist_low, persist_high, verdict
FROM program_impact
WHERE market_id = ? AND program_id <> 'all'
ORDER BY program_id
