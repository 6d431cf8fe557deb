-- Returns each programme's effect by stall group (category and alley), raw and pulled toward the programme's overall effect.
-- Grain: one row per (market_id, program_id, group_key), by market, programme and group.
-- Inputs: shortlist_groups, alleys.
SELECT g.market_id, g.program_id, g.group_key, coalesce(g.category, ''), coalesce(a.name, g.alley_id, ''), g.n_stalls,
       g.raw_att, g.raw_se, g.weight, g.att, g.ci_low, g.ci_high, g.overall_att, g.tau2
FROM shortlist_groups AS g
LEFT JOIN alleys AS a USING (market_id, alley_id)
ORDER BY g.market_id, g.program_id, g.group_key
