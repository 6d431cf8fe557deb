-- sales_occurrences: in load order, each occurrence of a line already stored (file_seq -1) or held by several files of the batch; the newest export sets a line (ties: the later load) unless it has cancellations (then its first sets it).
-- grain: one row per (market_id, order_key, file_seq); first, sets, changed (set other values than the line had), final (the values it ends with), stored.
-- inputs: batch_stored, batch_repeated, incoming_sales, incoming_files, incoming_cancels, cancels; $1 source.
CREATE TEMP TABLE batch_occurrences AS
WITH keys AS (
    SELECT market_id, order_key FROM batch_stored
    UNION
    SELECT market_id, order_key FROM batch_repeated
), occurrences AS (
    SELECT market_id, order_key, -1 AS file_seq, as_of, status, net_krw, gross_krw, qty
    FROM batch_stored
    UNION ALL
    SELECT i.market_id, i.order_key, i.file_seq, f.as_of, i.status, i.net_krw, i.gross_krw, i.qty
    FROM incoming_sales AS i
    JOIN incoming_files AS f USING (file_seq)
    SEMI JOIN keys AS k ON k.market_id = i.market_id AND k.order_key = i.order_key
), blocked AS (
    SELECT market_id, order_key FROM cancels AS c
    SEMI JOIN keys AS k ON k.market_id = c.market_id AND k.order_key = c.order_key
    WHERE c.source = $1
    UNION
    SELECT market_id, order_key FROM incoming_cancels
), ranked AS (
    SELECT o.*,
           row_number() OVER w = 1 AS first,
           o.as_of >= coalesce(max(o.as_of) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), o.as_of) AS newest,
           b.order_key IS NOT NULL AS blocked
    FROM occurrences AS o
    LEFT JOIN blocked AS b ON b.market_id = o.market_id AND b.order_key = o.order_key
    WINDOW w AS (PARTITION BY o.market_id, o.order_key ORDER BY o.file_seq)
), setting AS (
    SELECT *, first OR (newest AND NOT blocked) AS sets FROM ranked
)
SELECT market_id, order_key, file_seq, first, sets,
       sets AND NOT first AND {'status': status, 'net': net_krw, 'gross': gross_krw, 'qty': qty} IS DISTINCT FROM
           last_value(CASE WHEN sets THEN {'status': status, 'net': net_krw, 'gross': gross_krw, 'qty': qty} END IGNORE NULLS)
               OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS changed,
       file_seq = max(file_seq) FILTER (WHERE sets) OVER (PARTITION BY market_id, order_key) AS final,
       min(file_seq) OVER (PARTITION BY market_id, order_key) = -1 AS stored,
       status, net_krw, gross_krw, qty
FROM setting
WINDOW w AS (PARTITION BY market_id, order_key ORDER BY file_seq)
