-- Returns the programs each stall joined, when, and the program's own period.
-- Grain: one row per enrolment, by stall then enrolment date.
-- Inputs: ? market_id.
SELECT e.stall_id, e.program_id, coalesce(p.name, e.program_id) AS name, e.enrolled_on, p.starts_on, p.ends_on
FROM enrollments AS e
LEFT JOIN programs AS p ON p.market_id = e.market_id AND p.program_id = e.program_id
WHERE e.market_id = ?
ORDER BY e.stall_id, e.enrolled_on, e.program_id
