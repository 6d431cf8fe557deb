-- alley_sales: net and gross sales per alley and channel by day, ISO week and month: the sales lines loaded, whatever their coverage.
-- grain: one row per (market_id, alley_id, period, period_start, channel); period is day, week or month; stalls counts the stalls with sales lines; $market's days from $from, weeks from $week and months from $month on.
-- inputs: stall_day, stall_week, stall_month of those periods, stalls.
INSERT INTO alley_sales (market_id, alley_id, period, period_start, channel, net_krw, gross_krw, orders, qty, stalls)
WITH s AS (
    SELECT market_id, stall_id, 'day' AS period, sale_date AS period_start, channel, net_krw, gross_krw, orders, qty
    FROM stall_day WHERE market_id = $market AND sale_date >= $from::DATE
    UNION ALL
    SELECT market_id, stall_id, 'week', week, channel, net_krw, gross_krw, orders, qty
    FROM stall_week WHERE market_id = $market AND week >= $week::DATE
    UNION ALL
    SELECT market_id, stall_id, 'month', month, channel, net_krw, gross_krw, orders, qty
    FROM stall_month WHERE market_id = $market AND month >= $month::DATE
)
SELECT s.market_id, st.alley_id, s.period, s.period_start, s.channel,
       sum(s.net_krw), sum(s.gross_krw), sum(s.orders), sum(s.qty), count(*)
FROM s
JOIN stalls AS st USING (market_id, stall_id)
GROUP BY ALL
