-- alley_comparison: each alley's ISO weeks and months against the baseline year, the prior year and the previous period, pooled over its stalls' matched days (stall_comparison.matched_*).
-- grain: one row per (market_id, alley_id, period, period_start, comparison) with a stall row; $market's weeks from $week and months from $month on.
-- inputs: stall_comparison of those periods, stalls, markets.
INSERT INTO alley_comparison (market_id, alley_id, period, period_start, comparison, net_krw, baseline_krw, recovery,
                              relative_recovery, grade, reason, stalls, days, matched_days, baseline_from, baseline_to,
                              rule, holiday_days, offset_from, offset_to)
WITH a AS (
    SELECT s.market_id, st.alley_id, s.period, s.period_start, s.comparison,
           sum(s.matched_net_krw) AS net_krw, sum(s.matched_baseline_krw) AS baseline_krw,
           count(*) FILTER (WHERE s.matched_days > 0) AS stalls,
           sum(s.days) AS days, sum(s.matched_days) AS matched_days,
           min(s.baseline_from) FILTER (WHERE s.matched_days > 0) AS baseline_from,
           max(s.baseline_to) FILTER (WHERE s.matched_days > 0) AS baseline_to,
           coalesce(any_value(s.rule) FILTER (WHERE s.rule <> 'weekday'), min(s.rule)) AS rule,
           max(s.holiday_days) AS holiday_days, min(s.offset_from) AS offset_from, max(s.offset_to) AS offset_to
    FROM stall_comparison AS s
    JOIN stalls AS st USING (market_id, stall_id)
    WHERE s.market_id = $market AND s.period_start >= CASE period WHEN 'week' THEN $week::DATE ELSE $month::DATE END
    GROUP BY ALL
), r AS (
    SELECT *, CASE WHEN matched_days > 0 AND baseline_krw > 0 THEN net_krw / baseline_krw END AS recovery
    FROM a
), m AS (
    SELECT market_id, period, period_start, comparison,
           CASE WHEN sum(baseline_krw) > 0 THEN sum(net_krw) / sum(baseline_krw) END AS recovery
    FROM a
    GROUP BY ALL
)
SELECT r.market_id, r.alley_id, r.period, r.period_start, r.comparison, r.net_krw, r.baseline_krw, r.recovery,
       r.recovery / nullif(m.recovery, 0),
       CASE WHEN r.recovery >= mk.grade_green THEN 'green'
            WHEN r.recovery >= mk.grade_yellow THEN 'yellow'
            WHEN r.recovery IS NOT NULL THEN 'red' END,
       CASE WHEN r.matched_days = 0 THEN 'no_matched_days' WHEN r.baseline_krw <= 0 THEN 'no_baseline_sales' END,
       r.stalls, r.days, r.matched_days, r.baseline_from, r.baseline_to,
       r.rule, r.holiday_days, r.offset_from, r.offset_to
FROM r
JOIN m USING (market_id, period, period_start, comparison)
LEFT JOIN markets AS mk USING (market_id)
