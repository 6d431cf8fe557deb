-- stall_day: net and gross sales per stall, day and channel, net of cancellations and returns.
-- grain: one row per (market_id, stall_id, sale_date, channel) with sales lines; $market's days from $from on.
-- inputs: sales of those days.
INSERT INTO stall_day
SELECT market_id, stall_id, sale_date, channel,
       sum(net_krw), sum(gross_krw), count(*) FILTER (WHERE net_krw > 0), coalesce(sum(qty) FILTER (WHERE net_krw > 0), 0)
FROM sales
WHERE market_id = $market AND sale_date >= $from::DATE
GROUP BY ALL
