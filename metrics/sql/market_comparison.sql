-- market_comparison: the market's ISO weeks and months against the baseline year, the prior year and the previous period, pooled over its stalls' matched days (stall_comparison.matched_*).
-- grain: one row per (market_id, period, period_start, comparison) with a stall row; $market's weeks from $week and months from $month on.
-- inputs: stall_comparison of those periods.
INSERT INTO market_comparison (market_id, period, period_start, comparison, net_krw, baseline_krw, recovery, online_krw,
                               reason, stalls, days, matched_days, baseline_from, baseline_to,
                               rule, holiday_days, offset_from, offset_to)
WITH a AS (
    SELECT market_id, period, period_start, comparison,
           sum(matched_net_krw) AS net_krw, sum(matched_baseline_krw) AS baseline_krw, sum(matched_online_krw) AS online_krw,
           count(*) FILTER (WHERE matched_days > 0) AS stalls,
           sum(days) AS days, sum(matched_days) AS matched_days,
           min(baseline_from) FILTER (WHERE matched_days > 0) AS baseline_from,
           max(baseline_to) FILTER (WHERE matched_days > 0) AS baseline_to,
           coalesce(any_value(rule) FILTER (WHERE rule <> 'weekday'), min(rule)) AS rule,
           max(holiday_days) AS holiday_days, min(offset_from) AS offset_from, max(offset_to) AS offset_to
    FROM stall_comparison
    WHERE market_id = $market AND period_start >= CASE period WHEN 'week' THEN $week::DATE ELSE $month::DATE END
    GROUP BY ALL
)
SELECT market_id, period, period_start, comparison, net_krw, baseline_krw,
       CASE WHEN matched_days > 0 AND baseline_krw > 0 THEN net_krw / baseline_krw END,
       online_krw,
       CASE WHEN matched_days = 0 THEN 'no_matched_days' WHEN baseline_krw <= 0 THEN 'no_baseline_sales' END,
       stalls, days, matched_days, baseline_from, baseline_to, rule, holiday_days, offset_from, offset_to
FROM a
