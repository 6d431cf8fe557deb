-- evaluation_cohorts: when each enrolled stall joined each programme.
-- grain: one row per (market_id, program_id, stall_id) with its first enrolled_on; its month is the stall's cohort (metrics/effects.go).
-- inputs: enrollments.
SELECT market_id, program_id, stall_id, min(enrolled_on) AS enrolled_on
FROM enrollments
GROUP BY ALL
ORDER BY market_id, program_id, stall_id
