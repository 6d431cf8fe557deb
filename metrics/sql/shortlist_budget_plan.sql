-- shortlist_budget_plan: the planned amount of each budget component of each market.
-- grain: one row per (market_id, component).
-- inputs: budget_plan.
SELECT market_id, component, sum(plan_krw) AS plan_krw
FROM budget_plan
GROUP BY ALL
ORDER BY ALL
