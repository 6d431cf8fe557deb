-- Returns the ranked candidates of every programme (shortlist) with the market, programme, stall and alley names a reader needs.
-- Grain: one row per (market_id, program_id, rank), by market, programme and rank.
-- Inputs: shortlist, stalls, alleys, programs, markets.
SELECT l.market_id, coalesce(m.name, l.market_id), l.program_id, coalesce(p.name, l.program_id),
       l.rank, l.stall_id, coalesce(s.name, l.stall_id), coalesce(a.name, s.alley_id, ''), coalesce(s.category, ''),
       l.expected_gain_krw, l.gain_low_krw, l.gain_high_krw, l.effect, l.effect_low, l.effect_high,
       l.sales_12m_krw, l.sales_months, l.recovery, l.market_recovery, l.footfall_recovery,
       coalesce(l.in_budget, false), coalesce(l.reasons, '')
FROM shortlist AS l
LEFT JOIN markets AS m USING (market_id)
LEFT JOIN programs AS p USING (market_id, program_id)
LEFT JOIN stalls AS s USING (market_id, stall_id)
LEFT JOIN alleys AS a ON a.market_id = s.market_id AND a.alley_id = s.alley_id
ORDER BY l.market_id, l.program_id, l.rank
