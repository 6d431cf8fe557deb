-- stall_calendar: every day of every month a stall has data in, whether its sales are known (observed), and its net sales.
-- grain: one row per (market_id, stall_id, day), days limited to the stall's open period and the market's data span (its first to last day any export covers); observed = covered by an export and no source missing that week; $market's days from $week or $month, whichever is earlier, on.
-- inputs: stall_coverage (the spans, the days from then on), stall_week_coverage and stall_day of those days, stalls.
INSERT INTO stall_calendar (market_id, stall_id, day, week, month, covered, missing_source, observed, net_krw, online_krw)
WITH span AS (
    SELECT market_id, stall_id, min(day) AS first_day, max(day) AS last_day
    FROM stall_coverage WHERE market_id = $market GROUP BY ALL
), data AS (
    SELECT market_id, min(first_day) AS first_day, max(last_day) AS last_day FROM span GROUP BY ALL
), days AS (
    SELECT s.market_id, s.stall_id,
           unnest(generate_series(greatest(date_trunc('month', s.first_day), d.first_day, least($week::DATE, $month::DATE)),
                                  least(last_day(s.last_day), d.last_day), INTERVAL 1 DAY))::DATE AS day
    FROM span AS s JOIN data AS d USING (market_id)
), keyed AS (
    SELECT market_id, stall_id, day, date_trunc('week', day)::DATE AS week, date_trunc('month', day)::DATE AS month
    FROM days
), covered AS (
    SELECT market_id, stall_id, day FROM stall_coverage
    WHERE market_id = $market AND day >= least($week::DATE, $month::DATE)
), weeks AS (
    SELECT market_id, stall_id, week, missing_sources FROM stall_week_coverage
    WHERE market_id = $market AND week >= date_trunc('week', least($week::DATE, $month::DATE))
), net AS (
    SELECT market_id, stall_id, sale_date AS day, sum(net_krw) AS net_krw,
           coalesce(sum(net_krw) FILTER (WHERE channel IN ('smartstore', 'jangbogi', 'live')), 0) AS online_krw
    FROM stall_day
    WHERE market_id = $market AND sale_date >= least($week::DATE, $month::DATE)
    GROUP BY ALL
)
SELECT d.market_id, d.stall_id, d.day, d.week, d.month,
       c.day IS NOT NULL AS covered,
       c.day IS NOT NULL AND w.missing_sources IS NOT NULL AS missing_source,
       c.day IS NOT NULL AND w.missing_sources IS NULL,
       coalesce(n.net_krw, 0), coalesce(n.online_krw, 0)
FROM keyed AS d
JOIN stalls AS st ON st.market_id = d.market_id AND st.stall_id = d.stall_id
LEFT JOIN covered AS c ON c.market_id = d.market_id AND c.stall_id = d.stall_id AND c.day = d.day
LEFT JOIN weeks AS w ON w.market_id = d.market_id AND w.stall_id = d.stall_id AND w.week = d.week
LEFT JOIN net AS n ON n.market_id = d.market_id AND n.stall_id = d.stall_id AND n.day = d.day
WHERE (st.opened_on IS NULL OR d.day >= st.opened_on)
  AND (st.closed_on IS NULL OR d.day < st.closed_on)
