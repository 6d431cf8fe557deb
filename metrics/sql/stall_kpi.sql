-- stall_kpi: per stall and month what a seller reads in Smart Store's statistics: orders, average order value, repeat-buyer rate (buyer keys of the month that bought from the stall in an earlier month) and online share.
-- grain: one row per (market_id, stall_id, month) with sales lines; online_share is NULL when a day of the month lacks data (stall_calendar; a month outside it counts as all missing); $market's months from $month on.
-- inputs: stall_month and stall_calendar of those months, sales (their buyers, and which of them bought from the stall before).
INSERT INTO stall_kpi (market_id, stall_id, month, net_krw, orders, aov_krw, online_krw, online_orders, online_aov_krw,
                       online_share, buyers, repeat_buyers, repeat_rate, missing_days)
WITH m AS (
    SELECT market_id, stall_id, month, sum(net_krw) AS net_krw, sum(orders) AS orders,
           coalesce(sum(net_krw) FILTER (WHERE channel IN ('smartstore', 'jangbogi', 'live')), 0) AS online_krw,
           coalesce(sum(orders) FILTER (WHERE channel IN ('smartstore', 'jangbogi', 'live')), 0) AS online_orders
    FROM stall_month
    WHERE market_id = $market AND month >= $month::DATE
    GROUP BY ALL
), bought AS (
    -- (buyer_key >= '' is buyer_key IS NOT NULL in a form DuckDB skips row groups without buyer keys on)
    SELECT DISTINCT market_id, stall_id, buyer_key, date_trunc('month', sale_date)::DATE AS month
    FROM sales
    WHERE market_id = $market AND sale_date >= $month::DATE AND buyer_key >= '' AND net_krw > 0
), earlier AS (
    -- those buyers who bought from the stall before $month
    SELECT DISTINCT s.stall_id, s.buyer_key
    FROM sales AS s
    SEMI JOIN bought AS b ON b.stall_id = s.stall_id AND b.buyer_key = s.buyer_key
    WHERE s.market_id = $market AND s.sale_date < $month::DATE AND s.buyer_key >= '' AND s.net_krw > 0
), buyers AS (
    SELECT b.market_id, b.stall_id, b.month, count(*) AS buyers,
           count(*) FILTER (WHERE b.month > b.first_month OR p.buyer_key IS NOT NULL) AS repeat_buyers
    FROM (SELECT *, min(month) OVER (PARTITION BY market_id, stall_id, buyer_key) AS first_month FROM bought) AS b
    LEFT JOIN earlier AS p ON p.stall_id = b.stall_id AND p.buyer_key = b.buyer_key
    GROUP BY ALL
), gaps AS (
    SELECT market_id, stall_id, month, count(*) FILTER (WHERE NOT observed) AS missing_days
    FROM stall_calendar
    WHERE market_id = $market AND day >= $month::DATE
    GROUP BY ALL
)
SELECT m.market_id, m.stall_id, m.month, m.net_krw, m.orders,
       round(m.net_krw / nullif(m.orders, 0))::BIGINT,
       m.online_krw, m.online_orders, round(m.online_krw / nullif(m.online_orders, 0))::BIGINT,
       CASE WHEN g.missing_days = 0 AND m.net_krw > 0 THEN m.online_krw / m.net_krw END,
       coalesce(b.buyers, 0), coalesce(b.repeat_buyers, 0), b.repeat_buyers / b.buyers,
       coalesce(g.missing_days, day(last_day(m.month)))
FROM m
LEFT JOIN buyers AS b USING (market_id, stall_id, month)
LEFT JOIN gaps AS g USING (market_id, stall_id, month)
