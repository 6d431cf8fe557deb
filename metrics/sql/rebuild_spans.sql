-- rebuild_spans: what decides which rows of a market's metric tables exist beyond the days they hold: each stall's last covered day, the market's last covered day, its last footfall day, its last day of either, and the sensors read that market.yaml does not list.
-- grain: one row per span (name, last_day): 'stall <id>', 'coverage', 'footfall', 'data', and 'sensor <id> <alley>' with last_day NULL.
-- inputs: stall_coverage, footfall_hour, sensors of $market.
WITH covered AS (
    SELECT stall_id, max(day) AS last_day FROM stall_coverage WHERE market_id = $market GROUP BY ALL
), read AS (
    SELECT max(hour)::DATE AS last_day FROM footfall_hour WHERE market_id = $market
), unlisted AS (
    SELECT DISTINCT sensor_id, alley_id FROM footfall_hour WHERE market_id = $market
    EXCEPT
    SELECT sensor_id, alley_id FROM sensors WHERE market_id = $market
)
SELECT 'stall ' || stall_id AS span, last_day FROM covered
UNION ALL
SELECT 'coverage', max(last_day) FROM covered
UNION ALL
SELECT 'footfall', last_day FROM read
UNION ALL
SELECT 'data', greatest((SELECT max(last_day) FROM covered), (SELECT last_day FROM read))
UNION ALL
SELECT 'sensor ' || sensor_id || ' ' || alley_id, NULL FROM unlisted
