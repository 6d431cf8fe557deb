-- batch_new_counts: how many of each file's rows are new (loaded).
-- grain: one row per file_seq with new rows.
-- inputs: batch_new (a *_new statement's result).
SELECT file_seq, count(*) FROM batch_new GROUP BY file_seq
