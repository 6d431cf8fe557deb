-- sales_counts: per file of the batch, its occurrences of contended lines, how many of them are new lines, and how
-- many set changed values.
-- grain: one row per file_seq with contended lines. inputs: batch_occurrences.
SELECT file_seq, count(*), count(*) FILTER (WHERE first), count(*) FILTER (WHERE changed)
FROM batch_occurrences
WHERE file_seq >= 0
GROUP BY file_seq
