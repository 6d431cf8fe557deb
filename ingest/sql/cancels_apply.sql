-- cancels_apply: nets the batch's cancellations out of approvals stored before it (the batch's own lines are netted as
-- they are inserted). grain: one sales row per such approval, returned as (market_id, sale_date).
-- inputs: batch_cancelled, sales; $1 source, $2..$3 the days those approvals can be on, $4 the batch's files' SHA-256s.
UPDATE sales AS s
SET net_krw = greatest(s.gross_krw - c.cancelled, 0),
    status = CASE WHEN c.cancelled >= s.gross_krw THEN 'cancelled' ELSE 'partially_cancelled' END
FROM batch_cancelled AS c
WHERE s.market_id = c.market_id AND s.order_key = c.order_key
  AND s.source = $1 AND s.sale_date BETWEEN $2::DATE AND $3::DATE
  AND NOT list_contains($4, s.file_sha256)
RETURNING market_id, sale_date
