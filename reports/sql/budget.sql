-- Returns each budget component's planned amount beside what the spend ledger records against it, with the first and last day spent.
-- Grain: one row per component in budget_plan or spend, largest plan first; a component spent without a plan has a NULL plan.
-- Inputs: ? market_id, ? market_id.
WITH plan AS (
    SELECT component, min(name) AS name, sum(plan_krw) AS plan_krw
    FROM budget_plan
    WHERE market_id = ?
    GROUP BY component
), spent AS (
    SELECT component, sum(amount_krw) AS spent_krw, min(spent_on) AS first_day, max(spent_on) AS last_day
    FROM spend
    WHERE market_id = ?
    GROUP BY component
)
SELECT coalesce(p.component, s.component) AS component, coalesce(p.name, s.component) AS name,
       p.plan_krw, coalesce(s.spent_krw, 0) AS spent_krw, s.first_day, s.last_day
FROM plan AS p
FULL JOIN spent AS s ON s.component = p.component
ORDER BY p.plan_krw DESC NULLS LAST, component
