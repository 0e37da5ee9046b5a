-- A budget is set once per cost centre, month and currency: a duplicate row would double
-- the budget in budget_vs_actual.
select
    cost_centre,
    budget_month,
    currency,
    count(*) as budget_rows
from {{ ref('budgets') }}
group by cost_centre, budget_month, currency
having count(*) > 1
