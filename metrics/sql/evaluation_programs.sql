-- evaluation_programs: the programmes of each market with their support period.
-- grain: one row per (market_id, program_id).
-- inputs: programs.
SELECT market_id, program_id, name, starts_on, ends_on
FROM programs
ORDER BY market_id, program_id
