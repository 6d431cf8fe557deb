-- metrics_pending: every market the warehouse holds configuration or facts of, marked to be rebuilt whole (a full rebuild).
-- grain: one row per market, from_day NULL.
-- inputs: markets, sales, footfall, file_stalls.
INSERT INTO metrics_pending (market_id, from_day)
SELECT market_id, NULL
FROM (SELECT market_id FROM markets
      UNION SELECT market_id FROM sales
      UNION SELECT market_id FROM footfall
      UNION SELECT market_id FROM file_stalls)
