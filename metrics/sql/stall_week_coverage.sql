-- stall_week_coverage: for every stall and ISO week from its first export to the market's data cut-off, which sales sources cover it (days counted within the market's data span); flags a week with days no export covers, or without a source that covered the stall in any of the 4 weeks before.
-- grain: one row per (market_id, stall_id, week) the stall is open in; $market's weeks from $week on.
-- inputs: file_stalls, ingest_files (exports from 4 weeks before $week on), sales (which sources load sales), stall_coverage (the data span, each stall's first week, the days from $week on), stalls.
INSERT INTO stall_week_coverage (market_id, stall_id, week, days, days_covered, sources, missing_sources, flagged)
WITH src AS (
    SELECT DISTINCT fs.market_id, fs.stall_id, fs.source,
           unnest(generate_series(greatest(date_trunc('week', f.period_from), $week::DATE - 28), f.period_to, INTERVAL 7 DAY))::DATE AS week
    FROM file_stalls AS fs
    JOIN ingest_files AS f USING (file_sha256)
    WHERE fs.market_id = $market AND f.period_from IS NOT NULL AND f.period_to >= $week::DATE - 28
      AND fs.source IN (SELECT DISTINCT source FROM sales)
), expected AS (
    SELECT DISTINCT market_id, stall_id, source, (week + 7 * unnest([1, 2, 3, 4]))::DATE AS week
    FROM src
), missing AS (
    SELECT e.market_id, e.stall_id, e.week, array_to_string(list_sort(list(e.source)), ',') AS sources
    FROM expected AS e
    ANTI JOIN src AS s ON s.market_id = e.market_id AND s.stall_id = e.stall_id AND s.source = e.source AND s.week = e.week
    WHERE e.week >= $week::DATE
    GROUP BY ALL
), present AS (
    SELECT market_id, stall_id, week, array_to_string(list_sort(list(source)), ',') AS sources
    FROM src
    WHERE week >= $week::DATE
    GROUP BY ALL
), open AS (
    SELECT c.market_id, c.stall_id, c.day
    FROM stall_coverage AS c
    JOIN stalls AS st USING (market_id, stall_id)
    WHERE c.market_id = $market
      AND (st.opened_on IS NULL OR c.day >= st.opened_on) AND (st.closed_on IS NULL OR c.day < st.closed_on)
), covered AS (
    SELECT market_id, stall_id, date_trunc('week', day)::DATE AS week, count(*) AS days
    FROM open
    WHERE day >= $week::DATE
    GROUP BY ALL
), data AS (
    SELECT market_id, min(day) AS first_day, max(day) AS last_day FROM stall_coverage WHERE market_id = $market GROUP BY ALL
), span AS (
    SELECT market_id, stall_id, date_trunc('week', min(day))::DATE AS first_week FROM open GROUP BY ALL
), weeks AS (
    SELECT s.market_id, s.stall_id, greatest(st.opened_on, d.first_day) AS first_day, least(st.closed_on, d.last_day + 1) AS end_day,
           unnest(generate_series(greatest(s.first_week, $week::DATE), date_trunc('week', d.last_day)::DATE, INTERVAL 7 DAY))::DATE AS week
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
