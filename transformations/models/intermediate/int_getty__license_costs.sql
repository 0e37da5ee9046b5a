-- Every license event (a download under a product, or a purchased asset) as one cost line.
with products as (
    select * from {{ ref('stg_getty__products') }}
),

downloads as (
    select
        {{ dbt.concat(["'download:'", 'download_costs.download_id']) }} as cost_line_id,
        'download' as line_source,
        download_costs.download_id,
        cast(null as {{ dbt.type_string() }}) as purchase_id,
        download_costs.downloaded_at as licensed_at,
        download_costs.asset_id,
        download_costs.asset_type,
        download_costs.size_name,
        download_costs.license_model,
        download_costs.username,
        download_costs.project_code,
        download_costs.download_notes,
        download_costs.product_id,
        coalesce(products.product_name, download_costs.product_type) as product_name,
        download_costs.product_type,
        download_costs.agreement_name,
        cast(null as {{ dbt.type_string() }}) as order_id,
        download_costs.rate_id,
        download_costs.pricing_model,
        download_costs.unit_cost,
        download_costs.allocated_fee,
        download_costs.amount,
        download_costs.currency,
        download_costs.rights_managed_term_months
    from {{ ref('int_getty__download_costs') }} as download_costs
    left join products on download_costs.product_id = products.product_id
),

purchases as (
    select
        {{ dbt.concat(["'purchase:'", 'purchase_id']) }} as cost_line_id,
        'purchase' as line_source,
        cast(null as {{ dbt.type_string() }}) as download_id,
        purchase_id,
        purchased_at as licensed_at,
        asset_id,
        asset_type,
        size_name,
        license_model,
        purchased_by as username,
        cast(null as {{ dbt.type_string() }}) as project_code,
        cast(null as {{ dbt.type_string() }}) as download_notes,
        cast(null as {{ dbt.type_bigint() }}) as product_id,
        'Purchases (à la carte)' as product_name,
        'purchase' as product_type,
        cast(null as {{ dbt.type_string() }}) as agreement_name,
        order_id,
        rate_id,
        pricing_model,
        unit_cost,
        cast(null as {{ getty_money_type() }}) as allocated_fee,
        amount,
        currency,
        rights_managed_term_months
    from {{ ref('int_getty__purchase_costs') }}
),

unioned as (
    select * from downloads
    union all
    select * from purchases
)

select
    *,
    cast({{ dbt.date_trunc('month', 'licensed_at') }} as date) as spend_month,
    coalesce(project_code, '{{ var("default_cost_centre") }}') as cost_centre
from unioned
