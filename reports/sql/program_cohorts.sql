-- Returns how many stalls each program's cohorts hold, a cohort being the month a stall is first treated (yyyymm).
-- Grain: one row per program and cohort. The rule mirrors metrics/sql/evaluation_cohorts.sql: after the 15th, the next month.
-- Inputs: ? market_id.
SELECT program_id, (year(first_month) * 100 + month(first_month))::INTEGER AS cohort, count(*) AS stalls
FROM (
    SELECT program_id, stall_id,
           min(CASE WHEN day(enrolled_on) <= 15 THEN date_trunc('month', enrolled_on)
                    ELSE date_trunc('month', enrolled_on) + INTERVAL 1 MONTH END)::DATE AS first_month
    FROM enrollments
    WHERE market_id = ?
    GROUP BY ALL
)
GROUP BY ALL
ORDER BY program_id, cohort
