-- settlements_update: a newer export of a settlement line already loaded sets its date and amounts.
-- grain: one settlements row per (product_order_key, settle_kind, settle_status) in incoming_settlements.
-- inputs: incoming_settlements, settlements; $1 file sha, $2 as_of.
UPDATE settlements AS s
SET settle_date = i.settle_date, base_krw = i.base_krw, fee_krw = i.fee_krw, expected_krw = i.expected_krw,
    file_sha256 = $1, as_of = $2
FROM incoming_settlements AS i
WHERE s.product_order_key = i.product_order_key AND s.settle_kind = i.settle_kind AND s.settle_status = i.settle_status
  AND $2 >= s.as_of
  AND (s.settle_date <> i.settle_date OR s.base_krw <> i.base_krw OR s.fee_krw <> i.fee_krw
       OR s.expected_krw <> i.expected_krw)
