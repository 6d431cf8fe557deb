-- Returns what each programme added to sales in won with its 95% interval, what it cost, sales per won spent and its verdict, with whether table programs knows it.
-- Grain: one row per row of program_impact, by the programme's start then id, the whole project ('all') last.
-- Inputs: ? market_id.
SELECT i.program_id, coalesce(i.name, p.name, i.program_id) AS name, p.program_id IS NOT NULL AS known,
       i.incremental_krw, i.low_krw, i.high_krw, i.spend_krw, i.krw_per_won, i.low, i.high, i.verdict
FROM program_impact AS i
LEFT JOIN programs AS p ON p.market_id = i.market_id AND p.program_id = i.program_id
WHERE i.market_id = ?
ORDER BY i.program_id = 'all', p.starts_on NULLS LAST, i.program_id
