-- alley_day_parts: offline (card) sales per visitor and transactions per 100 visitors by alley, month and day part (morning trade against evening eating), over the alley-hours where every sensor of the alley read and every stall's day is observed.
-- grain: one row per (market_id, alley_id, month, part) with an open alley-hour; payments are placed by the hour of sold_at (lines without a time are left out); $market's months from $month on.
-- inputs: footfall_alley, sales (by sold_at), stall_calendar of those months, stalls, day_parts.
INSERT INTO alley_day_parts (market_id, alley_id, month, part, name, hours, hours_skipped, visitors, offline_krw, transactions,
                             sales_per_visitor, transactions_per_100)
WITH hours AS (
    SELECT f.market_id, f.alley_id, f.period_start AS hour, f.period_start::DATE AS day, hour(f.period_start) AS h,
           f.visitors, f.hours_read = f.hours_expected AS read
    FROM footfall_alley AS f
    WHERE f.market_id = $market AND f.period = 'hour' AND f.period_start >= $month::DATE
), days AS (
    SELECT c.market_id, st.alley_id, c.day, bool_and(c.observed) AS observed
    FROM stall_calendar AS c
    JOIN stalls AS st USING (market_id, stall_id)
    WHERE c.market_id = $market AND c.day >= $month::DATE
    GROUP BY ALL
), paid AS (
    SELECT s.market_id, st.alley_id, date_trunc('hour', s.sold_at) AS hour,
           sum(s.net_krw) AS offline_krw, count(*) FILTER (WHERE s.net_krw > 0) AS transactions
    FROM sales AS s
    JOIN stalls AS st USING (market_id, stall_id)
    WHERE s.market_id = $market AND s.channel = 'offline' AND s.sold_at >= $month::DATE
    GROUP BY ALL
), counted AS (
    SELECT h.market_id, h.alley_id, date_trunc('month', h.day)::DATE AS month, p.part, p.name,
           h.read AND coalesce(d.observed, false) AS counted, h.visitors,
           coalesce(s.offline_krw, 0) AS offline_krw, coalesce(s.transactions, 0) AS transactions
    FROM hours AS h
    JOIN day_parts AS p ON p.hour = h.h
    LEFT JOIN days AS d ON d.market_id = h.market_id AND d.alley_id = h.alley_id AND d.day = h.day
    LEFT JOIN paid AS s ON s.market_id = h.market_id AND s.alley_id = h.alley_id AND s.hour = h.hour
    WHERE p.open
), sums AS (
    SELECT market_id, alley_id, month, part, name,
           count(*) FILTER (WHERE counted) AS hours, count(*) FILTER (WHERE NOT counted) AS hours_skipped,
           coalesce(sum(visitors) FILTER (WHERE counted), 0) AS visitors,
           coalesce(sum(offline_krw) FILTER (WHERE counted), 0) AS offline_krw,
           coalesce(sum(transactions) FILTER (WHERE counted), 0) AS transactions
    FROM counted
    GROUP BY ALL
)
SELECT market_id, alley_id, month, part, name, hours, hours_skipped, visitors, offline_krw, transactions,
       offline_krw / nullif(visitors, 0), 100 * transactions / nullif(visitors, 0)
FROM sums
