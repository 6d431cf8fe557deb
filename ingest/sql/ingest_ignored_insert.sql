-- ingest_ignored_insert: how many rows of a public file are about sensors outside the workspace.
-- grain: one row per file with such rows.
-- inputs: bound values only.
INSERT INTO ingest_ignored (file_sha256, rows_ignored, reason) VALUES ($1, $2, $3)
