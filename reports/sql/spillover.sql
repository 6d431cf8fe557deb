-- Returns the change, per programme, in the sales of stalls that never joined anything in alleys where many stalls joined it against alleys where few did, with what was compared.
-- Grain: one row per programme in spillover, by the programme's start then id.
-- Inputs: ? market_id.
SELECT s.program_id, coalesce(p.name, s.program_id) AS name, s.att, s.ci_low, s.ci_high, s.note,
       s.high_alleys, s.low_alleys, s.n_high, s.n_low
FROM spillover AS s
LEFT JOIN programs AS p ON p.market_id = s.market_id AND p.program_id = s.program_id
WHERE s.market_id = ?
ORDER BY p.starts_on NULLS LAST, s.program_id
