-- market_sales: net and gross sales per market and channel by day, ISO week and month: the sales lines loaded, whatever their coverage.
-- grain: one row per (market_id, period, period_start, channel); period is day, week or month.
-- inputs: alley_sales.
INSERT INTO market_sales (market_id, period, period_start, channel, net_krw, gross_krw, orders, qty, stalls)
SELECT market_id, period, period_start, channel, sum(net_krw), sum(gross_krw), sum(orders), sum(qty), sum(stalls)
FROM alley_sales
GROUP BY ALL
