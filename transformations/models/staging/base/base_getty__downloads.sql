select
    {{ getty_text('id') }} as asset_id,
    {{ getty_timestamp('date_downloaded') }} as downloaded_at,
    coalesce(
        {{ getty_text('downloaded_by') }},
        {{ getty_text(getty_json_text(getty_json(adapter.quote('user')), ['username'])) }}
    ) as username,
    {{ getty_text(getty_json_text(getty_json(adapter.quote('user')), ['first_name'])) }} as user_first_name,
    {{ getty_text(getty_json_text(getty_json(adapter.quote('user')), ['middle_name'])) }} as user_middle_name,
    {{ getty_text(getty_json_text(getty_json(adapter.quote('user')), ['last_name'])) }} as user_last_name,
    {{ getty_text('asset_type') }} as asset_type,
    {{ getty_text('license_model') }} as license_model,
    cast(product_id as {{ dbt.type_bigint() }}) as product_id,
    {{ getty_text('product_type') }} as product_type,
    {{ getty_text('agreement_name') }} as agreement_name,
    {{ getty_text('size_name') }} as size_name,
    cast({{ getty_json_text(getty_json('dimensions'), ['width']) }} as {{ dbt.type_int() }}) as width_px,
    cast({{ getty_json_text(getty_json('dimensions'), ['height']) }} as {{ dbt.type_int() }}) as height_px,
    cast({{ getty_json_text(getty_json('dimensions'), ['dpi']) }} as {{ dbt.type_int() }}) as dpi,
    {{ getty_text(getty_json_text(getty_json('download_details'), ['project_code'])) }} as project_code,
    {{ getty_text(getty_json_text(getty_json('download_details'), ['download_notes'])) }} as download_notes,
    {{ getty_text('download_source') }} as download_source,
    {{ getty_text('thumb_uri') }} as thumb_uri,
    {{ getty_loaded_at() }} as loaded_at,
    {{ getty_record_order() }} as record_order
from {{ source('getty', 'downloads') }}
where {{ getty_is_live() }}
