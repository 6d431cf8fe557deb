-- stall_week: net and gross sales per stall, ISO week and channel, net of cancellations and returns.
-- grain: one row per (market_id, stall_id, week, channel) with sales lines; week is the Monday; $market's weeks from $week on.
-- inputs: stall_day of those weeks.
INSERT INTO stall_week (market_id, stall_id, week, channel, net_krw, gross_krw, orders, qty)
SELECT market_id, stall_id, date_trunc('week', sale_date)::DATE, channel,
       sum(net_krw), sum(gross_krw), sum(orders), sum(qty)
FROM stall_day
WHERE market_id = $market AND sale_date >= $week::DATE
GROUP BY ALL
