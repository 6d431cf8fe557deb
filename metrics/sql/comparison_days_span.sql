-- comparison_days_span: the days of a market that comparison_days matches: from its first to its last day of data (sales coverage or footfall), with its baseline year.
-- grain: one row for $market when it is in market.yaml and has data.
-- inputs: stall_coverage, footfall_hour, markets.
WITH days AS (
    SELECT min(day) AS first_day, max(day) AS last_day FROM stall_coverage WHERE market_id = $market
    UNION ALL
    SELECT min(hour)::DATE, max(hour)::DATE FROM footfall_hour WHERE market_id = $market
)
SELECT m.baseline_year, min(d.first_day), max(d.last_day)
FROM markets AS m, days AS d
WHERE m.market_id = $market
GROUP BY m.baseline_year
HAVING max(d.last_day) IS NOT NULL
