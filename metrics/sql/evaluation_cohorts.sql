-- evaluation_cohorts: each enrolled stall's first treated month per program.
-- grain: one row per (market_id, program_id, stall_id); a stall enrolled after the 15th is first treated the next month.
-- inputs: enrollments.
SELECT market_id, program_id, stall_id,
       min(CASE WHEN day(enrolled_on) <= 15 THEN date_trunc('month', enrolled_on)
                ELSE date_trunc('month', enrolled_on) + INTERVAL 1 MONTH END)::DATE AS first_month
FROM enrollments
GROUP BY ALL
