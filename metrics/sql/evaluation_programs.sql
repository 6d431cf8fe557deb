-- evaluation_programs: the programmes of each market with their support period and the onboarding cost of one stall set in market.yaml (NULL: from the ledger).
-- grain: one row per (market_id, program_id).
-- inputs: programs.
SELECT market_id, program_id, name, starts_on, ends_on, onboarding_cost_krw
FROM programs
ORDER BY market_id, program_id
