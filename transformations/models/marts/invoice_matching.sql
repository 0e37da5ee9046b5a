-- Two kinds of rows: one per order (from order metadata or, where Getty refused it, from the
-- purchase history), and one per asset downloaded under a product that needs a purchase record
-- (var purchase_record_product_types) but has none.
with orders as (
    select * from {{ ref('stg_getty__orders') }}
),

purchase_costs as (
    select * from {{ ref('int_getty__purchase_costs') }}
),

order_assets as (
    select * from {{ ref('stg_getty__order_assets') }}
),

order_ids as (
    select order_id from orders
    union
    select order_id from purchase_costs
),

purchase_totals as (
    select
        order_id,
        min(purchased_at) as first_purchased_at,
        count(distinct asset_id) as purchased_asset_count,
        sum(amount) as expected_amount,
        min(currency) as currency,
        sum(case when rate_id is null then 1 else 0 end) as unpriced_count
    from purchase_costs
    group by order_id
),

order_asset_counts as (
    select
        order_id,
        count(*) as order_asset_count
    from order_assets
    group by order_id
),

order_rows as (
    select
        {{ dbt.concat(["'order:'", 'order_ids.order_id']) }} as matching_id,
        'order' as record_type,
        order_ids.order_id,
        cast(null as {{ dbt.type_string() }}) as asset_id,
        orders.invoice_number,
        orders.purchase_order_number,
        orders.project_title,
        orders.ordered_by,
        coalesce(orders.ordered_at, purchase_totals.first_purchased_at) as ordered_at,
        coalesce(order_asset_counts.order_asset_count, purchase_totals.purchased_asset_count, 0)
            as asset_count,
        cast(purchase_totals.expected_amount as {{ getty_money_type() }}) as expected_amount,
        purchase_totals.currency,
        orders.order_id is null as is_order_metadata_missing,
        orders.order_id is not null and orders.invoice_number is null as is_invoice_number_missing,
        orders.order_id is not null and orders.purchase_order_number is null as is_po_missing,
        coalesce(purchase_totals.unpriced_count, 0) > 0 as has_unpriced_assets
    from order_ids
    left join orders on order_ids.order_id = orders.order_id
    left join purchase_totals on order_ids.order_id = purchase_totals.order_id
    left join order_asset_counts on order_ids.order_id = order_asset_counts.order_id
),

po_usage as (
    select
        purchase_order_number,
        count(distinct order_id) as orders_with_po
    from orders
    where purchase_order_number is not null
    group by purchase_order_number
),

unpurchased_downloads as (
    select
        {{ dbt.concat(["'download:'", 'download_costs.asset_id']) }} as matching_id,
        'download without purchase' as record_type,
        cast(null as {{ dbt.type_string() }}) as order_id,
        download_costs.asset_id,
        min(download_costs.downloaded_at) as ordered_at,
        count(*) as asset_count,
        cast(sum(download_costs.amount) as {{ getty_money_type() }}) as expected_amount,
        min(download_costs.currency) as currency,
        sum(case when download_costs.rate_id is null then 1 else 0 end) > 0 as has_unpriced_assets
    from {{ ref('int_getty__download_costs') }} as download_costs
    where
        download_costs.product_type in {{ getty_in_list(var('purchase_record_product_types')) }}
        and not exists (
            select 1 from purchase_costs
            where purchase_costs.asset_id = download_costs.asset_id
        )
    group by download_costs.asset_id
)

select
    order_rows.matching_id,
    order_rows.record_type,
    order_rows.order_id,
    order_rows.asset_id,
    order_rows.invoice_number,
    order_rows.purchase_order_number,
    order_rows.project_title,
    order_rows.ordered_by,
    order_rows.ordered_at,
    order_rows.asset_count,
    order_rows.expected_amount,
    order_rows.currency,
    order_rows.is_order_metadata_missing,
    order_rows.is_invoice_number_missing,
    order_rows.is_po_missing,
    coalesce(po_usage.orders_with_po, 0) > 1 as is_po_reused,
    false as is_download_without_purchase,
    order_rows.has_unpriced_assets
from order_rows
left join po_usage on order_rows.purchase_order_number = po_usage.purchase_order_number

union all

select
    matching_id,
    record_type,
    order_id,
    asset_id,
    cast(null as {{ dbt.type_string() }}) as invoice_number,
    cast(null as {{ dbt.type_string() }}) as purchase_order_number,
    cast(null as {{ dbt.type_string() }}) as project_title,
    cast(null as {{ dbt.type_string() }}) as ordered_by,
    ordered_at,
    asset_count,
    expected_amount,
    currency,
    false as is_order_metadata_missing,
    false as is_invoice_number_missing,
    false as is_po_missing,
    false as is_po_reused,
    true as is_download_without_purchase,
    has_unpriced_assets
from unpurchased_downloads
