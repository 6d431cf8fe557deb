-- stall_comparison: each stall's ISO weeks and months against the baseline year and the prior year (day by day, like with like) and against the previous period (whole against whole); NULL with a reason when a side lacks data.
-- grain: one row per (market_id, stall_id, period, period_start, comparison); period week or month; comparison baseline, prior_year or prior_period; $market's weeks from $week and months from $month on.
-- inputs: stall_calendar (those periods, the period before and the days compared with), comparison_days, stall_coverage (the data span), stalls, markets.
INSERT INTO stall_comparison (market_id, stall_id, period, period_start, comparison, net_krw, baseline_krw, recovery,
                              relative_recovery, grade, reason, baseline_from, baseline_to, rule, holiday_days,
                              offset_from, offset_to, days, missing_days, missing_baseline_days, matched_days,
                              matched_net_krw, matched_baseline_krw, matched_online_krw)
WITH data AS (
    SELECT market_id, min(day) AS first_day, max(day) + 1 AS end_day FROM stall_coverage WHERE market_id = $market GROUP BY ALL
), paired AS (
    -- Each day beside the day it is compared with, once per day-matched comparison.
    SELECT c.market_id, c.stall_id, c.week, c.month, d.comparison, d.compare_day, d.rule, d.offset_days,
           c.observed, coalesce(b.observed, false) AS compare_observed, c.missing_source,
           c.net_krw, c.online_krw, coalesce(b.net_krw, 0) AS compare_krw
    FROM stall_calendar AS c
    JOIN comparison_days AS d ON d.market_id = c.market_id AND d.day = c.day
    LEFT JOIN stall_calendar AS b ON b.market_id = c.market_id AND b.stall_id = c.stall_id AND b.day = d.compare_day
    WHERE c.market_id = $market AND c.day >= least($week::DATE, $month::DATE)
), matched AS (
    SELECT market_id, stall_id, comparison,
           CASE WHEN grouping(week) = 0 THEN 'week' ELSE 'month' END AS period,
           coalesce(week, month) AS period_start,
           count(*) FILTER (WHERE observed) AS observed_days,
           count(*) FILTER (WHERE missing_source) AS missing_source_days,
           count(*) FILTER (WHERE NOT compare_observed) AS missing_baseline_days,
           sum(net_krw) FILTER (WHERE observed) AS net_krw,
           sum(compare_krw) FILTER (WHERE compare_observed) AS baseline_krw,
           min(compare_day) AS baseline_from, max(compare_day) AS baseline_to,
           coalesce(any_value(rule) FILTER (WHERE rule <> 'weekday'), 'weekday') AS rule,
           count(*) FILTER (WHERE rule <> 'weekday') AS holiday_days,
           min(offset_days) AS offset_from, max(offset_days) AS offset_to,
           count(*) FILTER (WHERE observed AND compare_observed) AS matched_days,
           coalesce(sum(net_krw) FILTER (WHERE observed AND compare_observed), 0) AS matched_net_krw,
           coalesce(sum(compare_krw) FILTER (WHERE observed AND compare_observed), 0) AS matched_baseline_krw,
           coalesce(sum(online_krw) FILTER (WHERE observed AND compare_observed), 0) AS matched_online_krw
    FROM paired
    GROUP BY GROUPING SETS ((market_id, stall_id, comparison, week), (market_id, stall_id, comparison, month))
), whole AS (
    -- Each period whole, for the previous-period comparison.
    SELECT market_id, stall_id,
           CASE WHEN grouping(week) = 0 THEN 'week' ELSE 'month' END AS period,
           coalesce(week, month) AS period_start,
           count(*) FILTER (WHERE observed) AS observed_days,
           count(*) FILTER (WHERE missing_source) AS missing_source_days,
           sum(net_krw) FILTER (WHERE observed) AS net_krw,
           coalesce(sum(online_krw) FILTER (WHERE observed), 0) AS online_krw
    FROM stall_calendar
    WHERE market_id = $market AND day >= least($week::DATE - 7, ($month::DATE - INTERVAL 1 MONTH)::DATE)
    GROUP BY GROUPING SETS ((market_id, stall_id, week), (market_id, stall_id, month))
), edges AS (
    -- The periods rebuilt (whole also holds the ones before them).
    SELECT w.*, greatest(st.opened_on, d.first_day) AS first_day, least(st.closed_on, d.end_day) AS end_day,
           CASE w.period WHEN 'week' THEN w.period_start - 7 ELSE (w.period_start - INTERVAL 1 MONTH)::DATE END AS prev_start,
           CASE w.period WHEN 'week' THEN w.period_start + 7 ELSE (w.period_start + INTERVAL 1 MONTH)::DATE END AS next_start
    FROM whole AS w
    JOIN stalls AS st USING (market_id, stall_id)
    JOIN data AS d USING (market_id)
    WHERE w.period_start >= CASE w.period WHEN 'week' THEN $week::DATE ELSE $month::DATE END
), bounds AS (
    -- The days a period (and the one before it) should have: the stall's open days within the market's data span.
    SELECT *,
           greatest(0, least(next_start, end_day) - greatest(period_start, first_day))::INTEGER AS days,
           greatest(0, least(period_start, end_day) - greatest(prev_start, first_day))::INTEGER AS prev_days,
           (next_start - period_start)::INTEGER AS length,
           (period_start - prev_start)::INTEGER AS prev_length
    FROM edges
), compared AS (
    SELECT m.market_id, m.stall_id, m.period, m.period_start, m.comparison, m.net_krw, m.baseline_krw,
           m.baseline_from, m.baseline_to, m.rule, m.holiday_days, m.offset_from, m.offset_to,
           b.days, b.days - m.observed_days AS missing_days, m.missing_source_days, m.missing_baseline_days,
           false AS partial, m.matched_days, m.matched_net_krw, m.matched_baseline_krw, m.matched_online_krw
    FROM matched AS m
    JOIN bounds AS b USING (market_id, stall_id, period, period_start)
    UNION ALL
    SELECT b.market_id, b.stall_id, b.period, b.period_start, 'prior_period', b.net_krw, p.net_krw,
           b.prev_start, b.period_start - 1, 'calendar', 0, NULL, NULL,
           b.days, b.days - b.observed_days, b.missing_source_days, b.prev_days - coalesce(p.observed_days, 0),
           b.days < b.length OR b.prev_days < b.prev_length,
           b.days, coalesce(b.net_krw, 0), coalesce(p.net_krw, 0), b.online_krw
    FROM bounds AS b
    LEFT JOIN whole AS p ON p.market_id = b.market_id AND p.stall_id = b.stall_id
                        AND p.period = b.period AND p.period_start = b.prev_start
), judged AS (
    SELECT *,
           CASE WHEN missing_days > 0 AND missing_days = missing_source_days THEN 'missing_source'
                WHEN missing_days > 0 THEN 'missing_days'
                WHEN missing_baseline_days > 0 THEN 'missing_baseline'
                WHEN partial THEN 'partial_period'
                WHEN coalesce(baseline_krw, 0) <= 0 THEN 'no_baseline_sales' END AS reason
    FROM compared
), pooled AS (
    -- prior_period compares whole periods: a stall short of data on either side adds nothing to its alley.
    SELECT * EXCLUDE (pools) REPLACE (
           CASE WHEN pools THEN matched_days ELSE 0 END AS matched_days,
           CASE WHEN pools THEN matched_net_krw ELSE 0 END AS matched_net_krw,
           CASE WHEN pools THEN matched_baseline_krw ELSE 0 END AS matched_baseline_krw,
           CASE WHEN pools THEN matched_online_krw ELSE 0 END AS matched_online_krw)
    FROM (SELECT *, comparison <> 'prior_period' OR coalesce(reason, 'no_baseline_sales') = 'no_baseline_sales' AS pools
          FROM judged)
), rated AS (
    SELECT p.*, st.alley_id, CASE WHEN p.reason IS NULL THEN p.net_krw / p.baseline_krw END AS recovery
    FROM pooled AS p
    JOIN stalls AS st USING (market_id, stall_id)
), alley AS (
    -- the alley's recovery, pooled over its stalls' matched days
    SELECT market_id, alley_id, period, period_start, comparison,
           sum(matched_net_krw) / nullif(sum(matched_baseline_krw), 0) AS recovery
    FROM rated
    GROUP BY ALL
)
SELECT r.market_id, r.stall_id, r.period, r.period_start, r.comparison, r.net_krw, r.baseline_krw, r.recovery,
       r.recovery / nullif(a.recovery, 0),
       CASE WHEN r.recovery >= mk.grade_green THEN 'green'
            WHEN r.recovery >= mk.grade_yellow THEN 'yellow'
            WHEN r.recovery IS NOT NULL THEN 'red' END,
       r.reason, r.baseline_from, r.baseline_to, r.rule, r.holiday_days, r.offset_from, r.offset_to,
       r.days, r.missing_days, r.missing_baseline_days, r.matched_days,
       r.matched_net_krw, r.matched_baseline_krw, r.matched_online_krw
FROM rated AS r
JOIN alley AS a USING (market_id, alley_id, period, period_start, comparison)
LEFT JOIN markets AS mk USING (market_id)
