{%- set text = dbt.type_string() %}
{%- set money = getty_money_type() %}
-- Invoiced order lines: one per purchased asset of an order that carries an invoice number.
-- Subscription and pack spend is not invoiced per line by Getty: see license_spend.
with purchase_costs as (
    select * from {{ ref('int_getty__purchase_costs') }}
),

orders as (
    select * from {{ ref('stg_getty__orders') }}
    where invoice_number is not null
)

select
    cast({{ dbt.concat(['purchase_costs.order_id', "':'", 'purchase_costs.asset_id', "':'",
        dbt.cast('purchase_costs.purchased_at', dbt.type_string())]) }} as {{ text }})
        as invoice_line_id,
    cast(orders.invoice_number as {{ text }}) as invoice_number,
    cast(orders.ordered_at as date) as invoice_date,
    cast(orders.order_id as {{ text }}) as order_id,
    cast(orders.purchase_order_number as {{ text }}) as purchase_order_number,
    cast(orders.project_title as {{ text }}) as project_title,
    cast(orders.licensee_name as {{ text }}) as licensee_name,
    cast(orders.end_client as {{ text }}) as end_client,
    cast(coalesce(orders.ordered_by, purchase_costs.purchased_by) as {{ text }}) as ordered_by,
    cast('purchase' as {{ text }}) as line_source,
    cast(purchase_costs.asset_id as {{ text }}) as asset_id,
    cast(purchase_costs.asset_type as {{ text }}) as asset_type,
    cast(purchase_costs.size_name as {{ text }}) as size_name,
    cast(purchase_costs.license_model as {{ text }}) as license_model,
    cast(null as {{ text }}) as product_id,
    cast('purchase' as {{ text }}) as product_type,
    cast(null as {{ text }}) as agreement_name,
    cast('{{ var("default_cost_centre") }}' as {{ text }}) as cost_centre,
    cast(1 as {{ money }}) as allocation_share,
    cast(1 as {{ money }}) as quantity,
    cast(purchase_costs.unit_cost as {{ money }}) as unit_price,
    cast(purchase_costs.currency as {{ text }}) as currency,
    cast(purchase_costs.purchased_at as date) as license_start,
    cast(
        case
            when purchase_costs.license_model = 'rightsmanaged'
                then {{ dbt.dateadd(
                    'month', 'purchase_costs.rights_managed_term_months', 'purchase_costs.purchased_at'
                ) }}
        end as date
    ) as license_end,
    cast({{ dbt.concat(["'Getty Images '", 'purchase_costs.asset_type', "' '", 'purchase_costs.asset_id',
        "' ('", 'purchase_costs.size_name', "')'"]) }} as {{ text }}) as description
from purchase_costs
inner join orders on purchase_costs.order_id = orders.order_id
