-- stall_month: net and gross sales per stall, month and channel, net of cancellations and returns.
-- grain: one row per (market_id, stall_id, month, channel) with sales lines; $market's months from $month on.
-- inputs: stall_day of those months.
INSERT INTO stall_month (market_id, stall_id, month, channel, net_krw, orders, gross_krw, qty)
SELECT market_id, stall_id, date_trunc('month', sale_date)::DATE, channel,
       sum(net_krw), sum(orders), sum(gross_krw), sum(qty)
FROM stall_day
WHERE market_id = $market AND sale_date >= $month::DATE
GROUP BY ALL
