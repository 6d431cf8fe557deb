-- rejects_insert: the rows of the batch's files that were refused, with their reasons.
-- grain: one row per refused input row.
-- inputs: arrow_rejects, incoming_files.
INSERT INTO rejects (file_sha256, row_number, column_name, kind, reason)
SELECT f.file_sha256, r.row_number, r.column_name, r.kind, r.reason
FROM arrow_rejects AS r
JOIN incoming_files AS f USING (file_seq)
