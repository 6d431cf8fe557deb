-- Returns how many stalls each program's cohorts hold, a cohort being the month a stall enrolled (yyyymm).
-- Grain: one row per program and cohort. The rule mirrors metrics/effects.go: the cohort is the month of the first enrolled_on.
-- Inputs: ? market_id.
SELECT program_id, (year(first_day) * 100 + month(first_day))::INTEGER AS cohort, count(*) AS stalls
FROM (
    SELECT program_id, stall_id, min(enrolled_on) AS first_day
    FROM enrollments
    WHERE market_id = ?
    GROUP BY ALL
)
GROUP BY ALL
ORDER BY program_id, cohort
