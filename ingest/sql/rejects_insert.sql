-- rejects_insert: the rows of this file that were refused, with their reasons.
-- grain: one row per refused input row.
-- inputs: incoming_rejects; $1 file sha.
INSERT INTO rejects (file_sha256, row_number, column_name, kind, reason)
SELECT $1, row_number, nullif(column_name, ''), kind, reason FROM incoming_rejects
