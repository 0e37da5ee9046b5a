-- One row per open alert. Each rule is one CTE; all share the same columns.
{%- set as_of = getty_as_of_date() %}
{%- set horizon_end = dbt.dateadd('day', var('expiry_horizon_days'), as_of) %}

with register as (
    select * from {{ ref('license_register') }}
),

products as (
    select * from {{ ref('stg_getty__products') }}
    where product_status = 'active'
),

downloads as (
    select * from {{ ref('stg_getty__downloads') }}
),

expiring_licenses as (
    select
        'license_expiring' as alert_type,
        case
            when license_end_date <= {{ dbt.dateadd('day', 7, as_of) }} then 'high'
            else 'medium'
        end as severity,
        'asset' as subject_type,
        asset_id as subject_id,
        coalesce(title, asset_id) as subject_name,
        {{ dbt.concat(["'Rights-managed license ends on '", dbt.cast('license_end_date', dbt.type_string())]) }}
            as detail,
        license_end_date as due_date
    from register
    where
        license_status = 'expiring'
        and license_end_date >= {{ as_of }}
),

withdrawn_assets as (
    select
        'asset_withdrawn' as alert_type,
        case when license_model = 'rightsmanaged' then 'high' else 'medium' end as severity,
        'asset' as subject_type,
        asset_id as subject_id,
        asset_id as subject_name,
        'Licensed asset that Getty Images no longer serves: review where it is used' as detail,
        {{ as_of }} as due_date
    from register
    where is_withdrawn
),

download_limits as (
    select
        'product_download_limit' as alert_type,
        case when downloads_remaining <= 0 then 'high' else 'medium' end as severity,
        'product' as subject_type,
        cast(product_id as {{ dbt.type_string() }}) as subject_id,
        product_name as subject_name,
        {{ dbt.concat([
            dbt.cast('downloads_remaining', dbt.type_string()), "' of '",
            dbt.cast('download_limit', dbt.type_string()), "' downloads left'"]) }} as detail,
        cast(coalesce(download_limit_resets_at, expires_at) as date) as due_date
    from products
    where
        download_limit > 0
        and downloads_remaining <= download_limit * {{ var('download_limit_warning_share') }}
),

expiring_products as (
    select
        'product_expiring' as alert_type,
        case
            when cast(expires_at as date) <= {{ dbt.dateadd('day', 7, as_of) }} then 'high'
            else 'medium'
        end as severity,
        'product' as subject_type,
        cast(product_id as {{ dbt.type_string() }}) as subject_id,
        product_name as subject_name,
        {{ dbt.concat(["'Product expires on '", dbt.cast(dbt.cast('expires_at', 'date'), dbt.type_string())]) }}
            as detail,
        cast(expires_at as date) as due_date
    from products
    where
        cast(expires_at as date) >= {{ as_of }}
        and cast(expires_at as date) <= {{ horizon_end }}
),

download_requirements as (
    select
        downloads.download_id,
        downloads.asset_id,
        downloads.username,
        downloads.downloaded_at,
        products.product_name,
        products.is_project_code_required and downloads.project_code is null as is_project_code_missing,
        products.is_note_required and downloads.download_notes is null as is_note_missing
    from downloads
    inner join {{ ref('stg_getty__products') }} as products
        on downloads.product_id = products.product_id
),

missing_project_codes as (
    select
        'download_missing_project_code' as alert_type,
        'medium' as severity,
        'download' as subject_type,
        download_id as subject_id,
        asset_id as subject_name,
        {{ dbt.concat([
            "'Downloaded by '", 'username', "' on '",
            dbt.cast(dbt.cast('downloaded_at', 'date'), dbt.type_string()),
            "' under '", 'product_name', "' without the project code the product requires'"]) }}
            as detail,
        {{ as_of }} as due_date
    from download_requirements
    where is_project_code_missing
),

missing_notes as (
    select
        'download_missing_note' as alert_type,
        'low' as severity,
        'download' as subject_type,
        download_id as subject_id,
        asset_id as subject_name,
        {{ dbt.concat([
            "'Downloaded by '", 'username', "' on '",
            dbt.cast(dbt.cast('downloaded_at', 'date'), dbt.type_string()),
            "' under '", 'product_name', "' without the note the product requires'"]) }}
            as detail,
        {{ as_of }} as due_date
    from download_requirements
    where is_note_missing
),

alerts as (
    select * from expiring_licenses
    union all
    select * from withdrawn_assets
    union all
    select * from download_limits
    union all
    select * from expiring_products
    union all
    select * from missing_project_codes
    union all
    select * from missing_notes
)

select
    {{ getty_key(['alert_type', 'subject_type', 'subject_id']) }} as alert_id,
    alert_type,
    severity,
    subject_type,
    subject_id,
    subject_name,
    detail,
    cast(due_date as date) as due_date,
    {{ as_of }} as as_of_date
from alerts
