-- Returns each alley's anchor stalls (핵 점포) in its latest month of anchor_stalls, with the alley's whole change and how many stalls share it.
-- Grain: one row per anchor stall, by alley then rank.
-- Inputs: ? market_id, ? market_id.
WITH latest AS (
    SELECT alley_id, max(month) AS month
    FROM anchor_stalls
    WHERE market_id = ?
    GROUP BY alley_id
), alley AS (
    SELECT a.*, sum(a.change_krw) OVER (PARTITION BY a.alley_id) AS alley_change_krw,
           count(*) OVER (PARTITION BY a.alley_id) AS alley_stalls
    FROM anchor_stalls AS a
    JOIN latest USING (alley_id, month)
    WHERE a.market_id = ?
)
SELECT x.alley_id, x.month, x.stall_id, coalesce(s.name, x.stall_id) AS name,
       x.net_krw, x.baseline_krw, x.change_krw, x.share, x.rank, x.alley_change_krw, x.alley_stalls
FROM alley AS x
LEFT JOIN stalls AS s ON s.market_id = x.market_id AND s.stall_id = x.stall_id
WHERE x.anchor
ORDER BY x.alley_id, x.rank, x.stall_id
