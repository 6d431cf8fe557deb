-- stall_day_pairs: every day of every month a stall has data in, beside its baseline day.
-- grain: one row per (market_id, stall_id, day), days limited to the stall's open period and the data cut-off.
-- inputs: stall_coverage, stall_day, baseline_days, stalls.
INSERT INTO stall_day_pairs
WITH cutoff AS (
    SELECT market_id, max(day) AS last_day FROM stall_coverage GROUP BY ALL
), span AS (
    SELECT market_id, stall_id, min(day) AS first_day, max(day) AS last_day FROM stall_coverage GROUP BY ALL
), days AS (
    SELECT s.market_id, s.stall_id,
           unnest(generate_series(date_trunc('month', s.first_day),
                                  least(last_day(s.last_day), c.last_day), INTERVAL 1 DAY))::DATE AS day
    FROM span AS s JOIN cutoff AS c USING (market_id)
), net AS (
    SELECT market_id, stall_id, sale_date AS day, sum(net_krw) AS net_krw,
           sum(net_krw) FILTER (WHERE channel IN ('smartstore', 'jangbogi', 'live')) AS online_krw
    FROM stall_day GROUP BY ALL
)
SELECT d.market_id, d.stall_id, d.day, b.baseline_day,
       c1.day IS NOT NULL, c2.day IS NOT NULL,
       coalesce(n1.net_krw, 0), coalesce(n1.online_krw, 0), coalesce(n2.net_krw, 0)
FROM days AS d
JOIN stalls AS st ON st.market_id = d.market_id AND st.stall_id = d.stall_id
JOIN baseline_days AS b ON b.market_id = d.market_id AND b.day = d.day
LEFT JOIN stall_coverage AS c1 ON c1.market_id = d.market_id AND c1.stall_id = d.stall_id AND c1.day = d.day
LEFT JOIN stall_coverage AS c2 ON c2.market_id = d.market_id AND c2.stall_id = d.stall_id AND c2.day = b.baseline_day
LEFT JOIN net AS n1 ON n1.market_id = d.market_id AND n1.stall_id = d.stall_id AND n1.day = d.day
LEFT JOIN net AS n2 ON n2.market_id = d.market_id AND n2.stall_id = d.stall_id AND n2.day = b.baseline_day
WHERE (st.opened_on IS NULL OR d.day >= st.opened_on)
  AND (st.closed_on IS NULL OR d.day < st.closed_on)
