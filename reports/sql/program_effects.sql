-- Returns one estimand of each program's effect on log sales (total, offline), with the program's name.
-- Grain: one row per program and outcome, by program, total before offline.
-- Inputs: ? market_id, ? estimand (the report asks for 'simple'); online_krw is in won and shown elsewhere.
SELECT e.program_id, coalesce(p.name, e.program_id) AS name, e.outcome,
       e.att, e.ci_low, e.ci_high
FROM program_effects AS e
LEFT JOIN programs AS p ON p.market_id = e.market_id AND p.program_id = e.program_id
WHERE e.market_id = ? AND e.estimand = ? AND e.outcome IN ('total', 'offline')
ORDER BY e.program_id, e.outcome DESC
