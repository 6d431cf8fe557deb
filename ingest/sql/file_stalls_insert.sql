-- file_stalls_insert: the stalls this file holds rows for (their days count as observed).
-- grain: one row per (file, market_id, stall_id).
-- inputs: incoming_file_stalls; $1 file sha, $2 source.
INSERT INTO file_stalls (file_sha256, market_id, stall_id, source)
SELECT $1, market_id, stall_id, $2 FROM incoming_file_stalls
