-- stall_calendar: every day of every month a stall has data in, whether its sales are known (observed), and its net sales.
-- grain: one row per (market_id, stall_id, day), days limited to the stall's open period and the market's data span (its first to last day any export covers); observed = covered by an export and no source missing that week.
-- inputs: stall_coverage, stall_week_coverage, stall_day, stalls.
INSERT INTO stall_calendar (market_id, stall_id, day, week, month, covered, missing_source, observed, net_krw, online_krw)
WITH data AS (
    SELECT market_id, min(day) AS first_day, max(day) AS last_day FROM stall_coverage GROUP BY ALL
), span AS (
    SELECT market_id, stall_id, min(day) AS first_day, max(day) AS last_day FROM stall_coverage GROUP BY ALL
), days AS (
    SELECT s.market_id, s.stall_id,
           unnest(generate_series(greatest(date_trunc('month', s.first_day), d.first_day),
                                  least(last_day(s.last_day), d.last_day), INTERVAL 1 DAY))::DATE AS day
    FROM span AS s JOIN data AS d USING (market_id)
), keyed AS (
    SELECT market_id, stall_id, day, date_trunc('week', day)::DATE AS week, date_trunc('month', day)::DATE AS month
    FROM days
), net AS (
    SELECT market_id, stall_id, sale_date AS day, sum(net_krw) AS net_krw,
           coalesce(sum(net_krw) FILTER (WHERE channel IN ('smartstore', 'jangbogi', 'live')), 0) AS online_krw
    FROM stall_day GROUP BY ALL
)
SELECT d.market_id, d.stall_id, d.day, d.week, d.month,
       c.day IS NOT NULL AS covered,
       c.day IS NOT NULL AND w.missing_sources IS NOT NULL AS missing_source,
       c.day IS NOT NULL AND w.missing_sources IS NULL,
       coalesce(n.net_krw, 0), coalesce(n.online_krw, 0)
FROM keyed AS d
JOIN stalls AS st ON st.market_id = d.market_id AND st.stall_id = d.stall_id
LEFT JOIN stall_coverage AS c ON c.market_id = d.market_id AND c.stall_id = d.stall_id AND c.day = d.day
LEFT JOIN stall_week_coverage AS w ON w.market_id = d.market_id AND w.stall_id = d.stall_id AND w.week = d.week
LEFT JOIN net AS n ON n.market_id = d.market_id AND n.stall_id = d.stall_id AND n.day = d.day
WHERE (st.opened_on IS NULL OR d.day >= st.opened_on)
  AND (st.closed_on IS NULL OR d.day < st.closed_on)
