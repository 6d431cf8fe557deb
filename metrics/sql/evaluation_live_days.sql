-- evaluation_live_days: the daily sales of every stall on Smart Store, for the live-commerce event study.
-- grain: one row per (market_id, stall_id, day) that an export covers, from the stall's smartstore enrolment on; trading = any sales that day.
-- inputs: enrollments, stall_coverage, stall_day.
WITH store AS (
    SELECT market_id, stall_id, min(enrolled_on) AS enrolled_on
    FROM enrollments
    WHERE program_id = 'smartstore'
    GROUP BY ALL
), days AS (
    SELECT DISTINCT c.market_id, c.stall_id, c.day
    FROM stall_coverage AS c
    JOIN store AS s ON s.market_id = c.market_id AND s.stall_id = c.stall_id AND c.day >= s.enrolled_on
), sales AS (
    SELECT market_id, stall_id, sale_date AS day,
           sum(net_krw) AS total_krw,
           coalesce(sum(net_krw) FILTER (WHERE channel IN ('smartstore', 'live')), 0) AS smartstore_krw
    FROM stall_day
    GROUP BY ALL
)
SELECT d.market_id, d.stall_id, d.day,
       coalesce(s.total_krw, 0) AS total_krw,
       coalesce(s.smartstore_krw, 0) AS smartstore_krw
FROM days AS d
LEFT JOIN sales AS s USING (market_id, stall_id, day)
ORDER BY d.market_id, d.stall_id, d.day
