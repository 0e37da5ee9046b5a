{{ config(
    materialized='incremental',
    unique_key='download_id',
    incremental_strategy='merge',
    on_schema_change='append_new_columns'
) }}

with new_records as (
    select base_downloads.*
    from {{ ref('base_getty__downloads') }} as base_downloads
    {% if is_incremental() %}
        where base_downloads.loaded_at > (select max(staged.loaded_at) from {{ this }} as staged)
    {% endif %}
),

ranked as (
    select
        *,
        row_number() over (
            partition by asset_id, downloaded_at, username
            order by loaded_at desc, record_order desc
        ) as recency_rank
    from new_records
)

select
    {{ getty_key(['asset_id', 'downloaded_at', 'username']) }} as download_id,
    asset_id,
    downloaded_at,
    username,
    user_first_name,
    user_middle_name,
    user_last_name,
    asset_type,
    license_model,
    product_id,
    product_type,
    agreement_name,
    size_name,
    width_px,
    height_px,
    dpi,
    project_code,
    download_notes,
    download_source,
    thumb_uri,
    loaded_at,
    '{{ invocation_id }}' as dbt_invocation_id
from ranked
where recency_rank = 1
