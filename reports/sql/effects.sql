-- Returns the simple, dynamic (event-study), group (cohort) and placebo (joining moved 6 months earlier) estimates of every program's effect.
-- Grain: one row per program, outcome, estimand and cohort or event time, in that order.
-- Inputs: ? market_id. total and offline are log(1 + monthly sales); online_krw is won per month.
SELECT program_id, outcome, estimand, cohort, event_time, att, ci_low, ci_high
FROM program_effects
WHERE market_id = ? AND estimand IN ('simple', 'dynamic', 'group', 'placebo')
ORDER BY program_id, outcome, estimand, cohort NULLS FIRST, event_time NULLS FIRST
