-- Returns the markets the warehouse holds, with the baseline year each is compared to and its grade thresholds.
-- Grain: one row per market, ordered by market_id.
-- Inputs: none.
SELECT market_id, name, district, baseline_year, grade_green, grade_yellow
FROM markets
ORDER BY market_id
