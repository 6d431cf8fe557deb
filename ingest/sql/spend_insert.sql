-- spend_insert: records the batch's new ledger lines.
-- grain: one row per new (market_id, line_key).
-- inputs: batch_new (spend_new), incoming_files.
INSERT INTO spend (market_id, component, month, amount_krw, spent_on, item, memo, line_key, file_sha256)
SELECT n.market_id, n.component, date_trunc('month', n.spent_on)::DATE, n.amount_krw, n.spent_on,
       n.item, n.memo, n.line_key, f.file_sha256
FROM batch_new AS n
JOIN incoming_files AS f USING (file_seq)
