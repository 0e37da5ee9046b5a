with license_lines as (
    select * from {{ ref('int_getty__license_costs') }}
),

assets as (
    select * from {{ ref('int_getty__assets') }}
),

orders as (
    select * from {{ ref('stg_getty__orders') }}
),

-- When the loader last brought each asset's license records, and each metadata stream.
license_records_loaded as (
    select
        asset_id,
        max(loaded_at) as loaded_at
    from (
        select
            asset_id,
            loaded_at
        from {{ ref('stg_getty__downloads') }}
        union all
        select
            asset_id,
            loaded_at
        from {{ ref('stg_getty__purchased_assets') }}
    ) as license_records
    group by asset_id
),

metadata_synced as (
    select
        (select max(images.loaded_at) from {{ ref('stg_getty__images') }} as images) as images_loaded_at,
        (select max(videos.loaded_at) from {{ ref('stg_getty__videos') }} as videos) as videos_loaded_at
),

first_license as (
    select
        asset_id,
        licensed_at as first_licensed_at,
        username as licensed_by,
        asset_type,
        license_model,
        rights_managed_term_months,
        row_number() over (partition by asset_id order by licensed_at, cost_line_id) as license_order
    from license_lines
),

license_counts as (
    select
        asset_id,
        count(*) as license_count
    from license_lines
    group by asset_id
),

asset_orders as (
    select distinct
        license_lines.asset_id,
        license_lines.order_id,
        orders.invoice_number,
        orders.purchase_order_number
    from license_lines
    left join orders on license_lines.order_id = orders.order_id
    where license_lines.order_id is not null
),

order_lists as (
    select
        asset_id,
        {{ dbt.listagg('order_id', "', '", 'order by order_id') }} as order_ids
    from (
        select distinct
            asset_id,
            order_id
        from asset_orders
    ) as distinct_orders
    group by asset_id
),

invoice_lists as (
    select
        asset_id,
        {{ dbt.listagg('invoice_number', "', '", 'order by invoice_number') }} as invoice_numbers
    from (
        select distinct
            asset_id,
            invoice_number
        from asset_orders
        where invoice_number is not null
    ) as distinct_invoices
    group by asset_id
),

po_lists as (
    select
        asset_id,
        {{ dbt.listagg('purchase_order_number', "', '", 'order by purchase_order_number') }}
            as purchase_order_numbers
    from (
        select distinct
            asset_id,
            purchase_order_number
        from asset_orders
        where purchase_order_number is not null
    ) as distinct_pos
    group by asset_id
),

project_lists as (
    select
        asset_id,
        {{ dbt.listagg('project_code', "', '", 'order by project_code') }} as project_codes
    from (
        select distinct
            asset_id,
            project_code
        from license_lines
        where project_code is not null
    ) as distinct_projects
    group by asset_id
),

product_lists as (
    select
        asset_id,
        {{ dbt.listagg('product_name', "', '", 'order by product_name') }} as products
    from (
        select distinct
            asset_id,
            product_name
        from license_lines
        where product_name is not null
    ) as distinct_products
    group by asset_id
),

register as (
    select
        first_license.asset_id,
        coalesce(assets.asset_type, first_license.asset_type) as asset_type,
        assets.title,
        assets.caption,
        assets.artist,
        assets.credit_line,
        assets.copyright,
        assets.collection_name,
        coalesce(assets.license_model, first_license.license_model) as license_model,
        assets.usage_restrictions,
        first_license.first_licensed_at,
        first_license.licensed_by,
        license_counts.license_count,
        order_lists.order_ids,
        invoice_lists.invoice_numbers,
        po_lists.purchase_order_numbers,
        project_lists.project_codes,
        product_lists.products,
        case
            when coalesce(assets.license_model, first_license.license_model) = 'rightsmanaged'
                then cast({{ dbt.dateadd(
                    'month',
                    'first_license.rights_managed_term_months',
                    'first_license.first_licensed_at',
                ) }} as date)
        end as license_end_date,
        -- Withdrawn: no metadata although its stream was synced when (or after) the
        -- license records were loaded; a lagging metadata sync proves nothing yet.
        coalesce(
            assets.asset_id is null
            and license_records_loaded.loaded_at <= case
                when first_license.asset_type = 'video' then metadata_synced.videos_loaded_at
                else metadata_synced.images_loaded_at
            end,
            false
        ) as is_withdrawn
    from first_license
    inner join license_counts on first_license.asset_id = license_counts.asset_id
    cross join metadata_synced
    left join license_records_loaded on first_license.asset_id = license_records_loaded.asset_id
    left join assets on first_license.asset_id = assets.asset_id
    left join order_lists on first_license.asset_id = order_lists.asset_id
    left join invoice_lists on first_license.asset_id = invoice_lists.asset_id
    left join po_lists on first_license.asset_id = po_lists.asset_id
    left join project_lists on first_license.asset_id = project_lists.asset_id
    left join product_lists on first_license.asset_id = product_lists.asset_id
    where first_license.license_order = 1
)

select
    *,
    case
        when is_withdrawn then 'asset withdrawn'
        when license_end_date < {{ getty_as_of_date() }} then 'expired'
        when
            license_end_date
            <= {{ dbt.dateadd('day', var('expiry_horizon_days'), getty_as_of_date()) }}
            then 'expiring'
        else 'active'
    end as license_status
from register
