{%- set text = dbt.type_string() %}
with register as (
    select * from {{ ref('license_register') }}
),

assets as (
    select * from {{ ref('int_getty__assets') }}
),

orders as (
    select * from {{ ref('stg_getty__orders') }}
),

latest_license as (
    select
        *,
        row_number() over (
            partition by asset_id order by licensed_at desc, cost_line_id desc
        ) as recency_rank
    from {{ ref('int_getty__license_costs') }}
)

select
    cast(register.asset_id as {{ text }}) as asset_id,
    cast(register.asset_type as {{ text }}) as asset_type,
    cast(assets.title as {{ text }}) as title,
    cast(assets.caption as {{ text }}) as caption,
    cast(assets.artist as {{ text }}) as artist,
    cast(assets.credit_line as {{ text }}) as credit_line,
    cast(assets.copyright as {{ text }}) as copyright,
    cast(assets.collection_name as {{ text }}) as collection_name,
    cast(assets.asset_family as {{ text }}) as asset_family,
    cast(register.license_model as {{ text }}) as license_model,
    cast(assets.allowed_use as {{ text }}) as usage_terms,
    cast(assets.usage_restrictions_json as {{ text }}) as usage_restrictions,
    cast(assets.release_info as {{ text }}) as release_info,
    cast(assets.created_at as {{ dbt.type_timestamp() }}) as date_created,
    cast(assets.city as {{ text }}) as city,
    cast(assets.state_province as {{ text }}) as state_province,
    cast(assets.country as {{ text }}) as country,
    cast(assets.keywords_json as {{ text }}) as keywords,
    cast(assets.referral_uri as {{ text }}) as referral_uri,
    cast(assets.thumb_uri as {{ text }}) as thumb_uri,
    cast(assets.comp_uri as {{ text }}) as comp_uri,
    cast(assets.preview_uri as {{ text }}) as preview_uri,
    cast(register.first_licensed_at as {{ dbt.type_timestamp() }}) as first_licensed_at,
    cast(latest_license.licensed_at as {{ dbt.type_timestamp() }}) as licensed_at,
    cast(latest_license.line_source as {{ text }}) as license_source,
    cast(latest_license.order_id as {{ text }}) as order_id,
    cast(latest_license.product_id as {{ text }}) as product_id,
    cast(latest_license.product_type as {{ text }}) as product_type,
    cast(latest_license.agreement_name as {{ text }}) as agreement_name,
    cast(latest_license.username as {{ text }}) as licensed_by,
    cast(latest_license.project_code as {{ text }}) as project_code,
    cast(latest_license.download_notes as {{ text }}) as download_notes,
    cast(latest_license.size_name as {{ text }}) as size_name,
    cast(orders.invoice_number as {{ text }}) as invoice_number,
    cast(orders.purchase_order_number as {{ text }}) as purchase_order_number,
    cast(orders.project_title as {{ text }}) as project_title,
    cast(orders.licensee_name as {{ text }}) as licensee_name,
    cast(orders.end_client as {{ text }}) as end_client,
    cast(orders.ordered_by as {{ text }}) as ordered_by,
    cast(register.license_end_date as date) as license_end_date,
    cast(register.license_status as {{ text }}) as license_status
from register
inner join latest_license
    on
        register.asset_id = latest_license.asset_id
        and latest_license.recency_rank = 1
left join assets on register.asset_id = assets.asset_id
left join orders on latest_license.order_id = orders.order_id
