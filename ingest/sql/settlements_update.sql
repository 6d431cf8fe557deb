-- settlements_update: a newer export of a settlement line already loaded sets its date and amounts.
-- grain: one settlements row per (product_order_key, settle_kind, settle_status) of one file of the batch.
-- inputs: incoming_settlements, incoming_files, settlements; $1 the file's file_seq.
UPDATE settlements AS s
SET settle_date = i.settle_date, base_krw = i.base_krw, fee_krw = i.fee_krw, expected_krw = i.expected_krw,
    file_sha256 = f.file_sha256, as_of = f.as_of
FROM incoming_settlements AS i
JOIN incoming_files AS f USING (file_seq)
WHERE i.file_seq = $1
  AND s.product_order_key = i.product_order_key AND s.settle_kind = i.settle_kind AND s.settle_status = i.settle_status
  AND f.as_of >= s.as_of
  AND (s.settle_date <> i.settle_date OR s.base_krw <> i.base_krw OR s.fee_krw <> i.fee_krw
       OR s.expected_krw <> i.expected_krw)
