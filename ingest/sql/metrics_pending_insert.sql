-- metrics_pending_insert: the first day of a market whose facts or export coverage the batch changed.
-- grain: one row per market the batch touched.
-- inputs: bound values only.
INSERT INTO metrics_pending (market_id, from_day) VALUES ($1, $2)
