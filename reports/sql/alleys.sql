-- Returns the market's alleys: table alleys, and any alley a stall names that alleys lacks (named by its id).
-- Grain: one row per alley, ordered by alley_id.
-- Inputs: ? market_id, ? market_id.
SELECT alley_id, name
FROM alleys
WHERE market_id = ?
UNION
SELECT DISTINCT s.alley_id, s.alley_id
FROM stalls AS s
WHERE s.market_id = ?
  AND NOT EXISTS (SELECT 1 FROM alleys AS a WHERE a.market_id = s.market_id AND a.alley_id = s.alley_id)
ORDER BY alley_id
