-- shortlist_exclusions: the stalls each programme cannot take (market.yaml programs[].exclude); NULL fields match any stall.
-- grain: one row per exclusion.
-- inputs: program_exclusions.
SELECT market_id, program_id, coalesce(stall_id, ''), coalesce(category, ''), coalesce(alley_id, ''), reason
FROM program_exclusions
ORDER BY ALL
