-- Returns the market's programs with their period, how many stalls enrolled, and how many by the data cut-off.
-- Grain: one row per program, ordered by program_id.
-- Inputs: ? market_id, ? market_id (the cut-off is the last sale_date).
WITH cutoff AS (
    SELECT max(sale_date) AS day FROM sales WHERE market_id = ?
)
SELECT p.program_id, p.name, p.starts_on, p.ends_on,
       count(DISTINCT e.stall_id) AS stalls,
       count(DISTINCT e.stall_id) FILTER (WHERE e.enrolled_on <= cutoff.day) AS stalls_by_cutoff
FROM programs AS p
CROSS JOIN cutoff
LEFT JOIN enrollments AS e ON e.market_id = p.market_id AND e.program_id = p.program_id
WHERE p.market_id = ?
GROUP BY p.program_id, p.name, p.starts_on, p.ends_on
ORDER BY p.program_id
