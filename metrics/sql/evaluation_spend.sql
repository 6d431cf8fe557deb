-- evaluation_spend: what each budget component of each market spent, over the whole ledger.
-- grain: one row per (market_id, component).
-- inputs: spend.
SELECT market_id, component, sum(amount_krw) AS amount_krw
FROM spend
GROUP BY ALL
ORDER BY market_id, component
