-- Each purchased asset (an order line) with its unit cost from the rate card's `purchase` rows.
with purchases as (
    select * from {{ ref('stg_getty__purchased_assets') }}
),

rate_card as (
    select * from {{ ref('rate_card') }}
    where product_type = 'purchase'
),

candidate_rates as (
    select
        purchases.purchase_id,
        rate_card.rate_id,
        row_number() over (
            partition by purchases.purchase_id
            order by
                case when rate_card.size_name = '*' then 0 else 1 end desc,
                rate_card.rate_id
        ) as specificity_rank
    from purchases
    inner join rate_card on rate_card.size_name in (purchases.size_name, '*')
)

select
    purchases.purchase_id,
    purchases.order_id,
    purchases.asset_id,
    purchases.purchased_at,
    purchases.purchased_by,
    purchases.asset_type,
    purchases.license_model,
    purchases.size_name,
    rate_card.rate_id,
    rate_card.pricing_model,
    rate_card.currency,
    rate_card.rights_managed_term_months,
    cast(rate_card.unit_cost as {{ getty_money_type() }}) as unit_cost,
    cast(rate_card.unit_cost as {{ getty_money_type() }}) as amount
from purchases
left join candidate_rates
    on
        purchases.purchase_id = candidate_rates.purchase_id
        and candidate_rates.specificity_rank = 1
left join rate_card on candidate_rates.rate_id = rate_card.rate_id
