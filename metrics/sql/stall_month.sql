-- stall_month: net sales per stall, month and channel.
-- grain: one row per (market_id, stall_id, month, channel).
-- inputs: stall_day.
INSERT INTO stall_month
SELECT market_id, stall_id, date_trunc('month', sale_date)::DATE, channel, sum(net_krw), sum(orders)
FROM stall_day
GROUP BY ALL
