select
    {{ getty_key(['spend_month', 'cost_centre', 'product_type', 'product_id', 'username', 'currency']) }}
        as spend_id,
    spend_month,
    cost_centre,
    product_type,
    product_id,
    product_name,
    username,
    currency,
    cast(sum(amount) as {{ getty_money_type() }}) as spend_amount,
    count(*) as license_count,
    sum(case when line_source = 'download' then 1 else 0 end) as download_count,
    sum(case when line_source = 'purchase' then 1 else 0 end) as purchase_count,
    sum(case when rate_id is null then 1 else 0 end) as unpriced_count
from {{ ref('int_getty__license_costs') }}
group by spend_month, cost_centre, product_type, product_id, product_name, username, currency
