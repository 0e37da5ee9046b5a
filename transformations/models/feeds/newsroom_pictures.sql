{%- set text = dbt.type_string() %}
with register as (
    select * from {{ ref('license_register') }}
),

assets as (
    select * from {{ ref('int_getty__assets') }}
    where asset_type = 'image' and asset_family = 'editorial'
)

select
    cast(assets.asset_id as {{ text }}) as asset_id,
    cast(assets.asset_type as {{ text }}) as asset_type,
    cast(assets.title as {{ text }}) as title,
    cast(assets.caption as {{ text }}) as caption,
    cast(assets.artist as {{ text }}) as artist,
    cast(assets.credit_line as {{ text }}) as credit_line,
    cast(assets.copyright as {{ text }}) as copyright,
    cast(assets.collection_name as {{ text }}) as collection_name,
    cast(assets.allowed_use as {{ text }}) as usage_terms,
    cast(assets.usage_restrictions_json as {{ text }}) as usage_restrictions,
    cast(assets.release_info as {{ text }}) as release_info,
    cast(assets.editorial_segments_json as {{ text }}) as editorial_segments,
    cast(assets.created_at as {{ dbt.type_timestamp() }}) as date_created,
    cast(assets.city as {{ text }}) as city,
    cast(assets.state_province as {{ text }}) as state_province,
    cast(assets.country as {{ text }}) as country,
    cast(assets.keywords_json as {{ text }}) as keywords,
    cast(assets.thumb_uri as {{ text }}) as thumb_uri,
    cast(assets.comp_uri as {{ text }}) as comp_uri,
    cast(assets.preview_uri as {{ text }}) as preview_uri,
    cast(assets.max_width_px as {{ dbt.type_int() }}) as max_width,
    cast(assets.max_height_px as {{ dbt.type_int() }}) as max_height,
    cast(register.license_model as {{ text }}) as license_model,
    cast(register.first_licensed_at as {{ dbt.type_timestamp() }}) as first_licensed_at,
    cast(register.license_end_date as date) as license_end_date,
    cast(register.license_status as {{ text }}) as license_status
from assets
inner join register on assets.asset_id = register.asset_id
