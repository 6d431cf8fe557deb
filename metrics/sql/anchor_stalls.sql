-- anchor_stalls (핵 점포): each stall's share of its alley's change in sales against the baseline over the matched days; anchors are the stalls, largest share first, that carry the first half of the change (a stall whose larger-share stalls carry less than half; ties alike).
-- grain: one row per (market_id, alley_id, month, stall_id) for stalls with a matched day; shares sum to 1 over an alley-month whose change is not zero; $market's months from $month on.
-- inputs: stall_comparison, stalls.
INSERT INTO anchor_stalls (market_id, alley_id, month, stall_id, net_krw, baseline_krw, change_krw, share, rank, anchor)
WITH s AS (
    SELECT c.market_id, st.alley_id, c.period_start AS month, c.stall_id,
           c.matched_net_krw AS net_krw, c.matched_baseline_krw AS baseline_krw,
           c.matched_net_krw - c.matched_baseline_krw AS change_krw
    FROM stall_comparison AS c
    JOIN stalls AS st USING (market_id, stall_id)
    WHERE c.market_id = $market AND c.period = 'month' AND c.period_start >= $month::DATE AND c.comparison = 'baseline' AND c.matched_days > 0
), shared AS (
    SELECT *, change_krw / nullif(sum(change_krw) OVER (PARTITION BY market_id, alley_id, month), 0) AS share
    FROM s
), ranked AS (
    SELECT *,
           row_number() OVER (w ORDER BY share DESC NULLS LAST, stall_id) AS rank,
           -- the shares of the stalls with a larger share
           coalesce(sum(share) OVER (w ORDER BY share DESC NULLS LAST
                                     RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP), 0) AS share_before
    FROM shared
    WINDOW w AS (PARTITION BY market_id, alley_id, month)
)
SELECT market_id, alley_id, month, stall_id, net_krw, baseline_krw, change_krw, share, rank,
       coalesce(share > 0 AND share_before < 0.5, false)
FROM ranked
