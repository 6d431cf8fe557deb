-- file_stalls_insert: the stalls each file of the batch holds rows for (their days count as observed).
-- grain: one row per (file, market_id, stall_id).
-- inputs: arrow_file_stalls, incoming_files; $1 source.
INSERT INTO file_stalls (file_sha256, market_id, stall_id, source)
SELECT f.file_sha256, s.market_id, s.stall_id, $1
FROM arrow_file_stalls AS s
JOIN incoming_files AS f USING (file_seq)
