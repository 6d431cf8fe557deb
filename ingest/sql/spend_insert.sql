-- spend_insert: ledger lines of this file not yet in the warehouse.
-- grain: one row per new (market_id, line_key).
-- inputs: incoming_spend, spend; $1 file sha.
INSERT INTO spend (market_id, component, month, amount_krw, spent_on, item, memo, line_key, file_sha256)
SELECT i.market_id, i.component, date_trunc('month', i.spent_on)::DATE, i.amount_krw, i.spent_on,
       i.item, i.memo, i.line_key, $1
FROM incoming_spend AS i
WHERE NOT EXISTS (SELECT 1 FROM spend AS s WHERE s.market_id = i.market_id AND s.line_key = i.line_key)
