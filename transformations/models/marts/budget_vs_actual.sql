with budgets as (
    select
        cost_centre,
        cast(budget_month as date) as budget_month,
        currency,
        cast(budget_amount as {{ getty_money_type() }}) as budget_amount
    from {{ ref('budgets') }}
),

actuals as (
    select
        cost_centre,
        spend_month as budget_month,
        currency,
        sum(spend_amount) as actual_amount
    from {{ ref('license_spend') }}
    where currency is not null
    group by cost_centre, spend_month, currency
),

joined as (
    select
        coalesce(budgets.cost_centre, actuals.cost_centre) as cost_centre,
        coalesce(budgets.budget_month, actuals.budget_month) as budget_month,
        coalesce(budgets.currency, actuals.currency) as currency,
        budgets.budget_amount,
        cast(coalesce(actuals.actual_amount, 0) as {{ getty_money_type() }}) as actual_amount
    from budgets
    full outer join actuals
        on
            budgets.cost_centre = actuals.cost_centre
            and budgets.budget_month = actuals.budget_month
            and budgets.currency = actuals.currency
)

select
    {{ getty_key(['cost_centre', 'budget_month', 'currency']) }} as budget_line_id,
    cost_centre,
    budget_month,
    currency,
    budget_amount,
    actual_amount,
    cast(actual_amount - coalesce(budget_amount, 0) as {{ getty_money_type() }}) as variance_amount,
    case
        when budget_amount > 0
            then cast(round(cast(actual_amount / budget_amount as {{ dbt.type_numeric() }}), 4) as decimal(12, 4))
    end as consumed_share,
    case
        when budget_amount is null then 'no budget'
        when actual_amount > budget_amount then 'over budget'
        else 'within budget'
    end as budget_status
from joined
