-- stall_week_coverage: for every stall and ISO week from its first export to the market's data cut-off, which sales sources cover it (days counted within the market's data span); flags a week with days no export covers, or without a source that covered the stall in any of the 4 weeks before.
-- grain: one row per (market_id, stall_id, week) the stall is open in.
-- inputs: file_stalls, ingest_files, sales, stall_coverage, stalls.
INSERT INTO stall_week_coverage (market_id, stall_id, week, days, days_covered, sources, missing_sources, flagged)
WITH src AS (
    SELECT DISTINCT fs.market_id, fs.stall_id, fs.source,
           unnest(generate_series(date_trunc('week', f.period_from), f.period_to, INTERVAL 7 DAY))::DATE AS week
    FROM file_stalls AS fs
    JOIN ingest_files AS f USING (file_sha256)
    WHERE f.period_from IS NOT NULL AND f.period_to IS NOT NULL
      AND fs.source IN (SELECT DISTINCT source FROM sales)
), expected AS (
    SELECT DISTINCT market_id, stall_id, source, (week + 7 * unnest([1, 2, 3, 4]))::DATE AS week
    FROM src
), missing AS (
    SELECT e.market_id, e.stall_id, e.week, array_to_string(list_sort(list(e.source)), ',') AS sources
    FROM expected AS e
    ANTI JOIN src AS s ON s.market_id = e.market_id AND s.stall_id = e.stall_id AND s.source = e.source AND s.week = e.week
    GROUP BY ALL
), present AS (
    SELECT market_id, stall_id, week, array_to_string(list_sort(list(source)), ',') AS sources
    FROM src
    GROUP BY ALL
), covered AS (
    SELECT c.market_id, c.stall_id, date_trunc('week', c.day)::DATE AS week, count(*) AS days
    FROM stall_coverage AS c
    JOIN stalls AS st USING (market_id, stall_id)
    WHERE (st.opened_on IS NULL OR c.day >= st.opened_on) AND (st.closed_on IS NULL OR c.day < st.closed_on)
    GROUP BY ALL
), data AS (
    SELECT market_id, min(day) AS first_day, max(day) AS last_day FROM stall_coverage GROUP BY ALL
), span AS (
    SELECT market_id, stall_id, min(week) AS first_week FROM covered GROUP BY ALL
), weeks AS (
    SELECT s.market_id, s.stall_id, greatest(st.opened_on, d.first_day) AS first_day, least(st.closed_on, d.last_day + 1) AS end_day,
           unnest(generate_series(s.first_week, date_trunc('week', d.last_day)::DATE, INTERVAL 7 DAY))::DATE AS week
    FROM span AS s
    JOIN stalls AS st USING (market_id, stall_id)
    JOIN data AS d USING (market_id)
), sized AS (
    SELECT market_id, stall_id, week,
           greatest(0, least(week + 7, end_day) - greatest(week, first_day))::INTEGER AS days
    FROM weeks
)
SELECT w.market_id, w.stall_id, w.week, w.days, coalesce(c.days, 0), p.sources, m.sources,
       coalesce(c.days, 0) < w.days OR m.sources IS NOT NULL
FROM sized AS w
LEFT JOIN covered AS c ON c.market_id = w.market_id AND c.stall_id = w.stall_id AND c.week = w.week
LEFT JOIN present AS p ON p.market_id = w.market_id AND p.stall_id = w.stall_id AND p.week = w.week
LEFT JOIN missing AS m ON m.market_id = w.market_id AND m.stall_id = w.stall_id AND m.week = w.week
WHERE w.days > 0
