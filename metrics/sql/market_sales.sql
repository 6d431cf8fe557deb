-- market_sales: net and gross sales per market and channel by day, ISO week and month: the sales lines loaded, whatever their coverage.
-- grain: one row per (market_id, period, period_start, channel); period is day, week or month; $market's days from $from, weeks from $week and months from $month on.
-- inputs: alley_sales of those periods.
INSERT INTO market_sales (market_id, period, period_start, channel, net_krw, gross_krw, orders, qty, stalls)
SELECT market_id, period, period_start, channel, sum(net_krw), sum(gross_krw), sum(orders), sum(qty), sum(stalls)
FROM alley_sales
WHERE market_id = $market
  AND period_start >= CASE period WHEN 'week' THEN $week::DATE WHEN 'month' THEN $month::DATE ELSE $from::DATE END
GROUP BY ALL
