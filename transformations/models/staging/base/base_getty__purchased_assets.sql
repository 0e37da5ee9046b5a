select
    {{ getty_text('order_id') }} as order_id,
    {{ getty_text('asset_id') }} as asset_id,
    {{ getty_timestamp('date_purchased') }} as purchased_at,
    {{ getty_text('purchased_by') }} as purchased_by,
    {{ getty_text('asset_type') }} as asset_type,
    {{ getty_text('license_model') }} as license_model,
    {{ getty_text('size_name') }} as size_name,
    cast({{ getty_text('file_size_in_bytes') }} as {{ dbt.type_bigint() }}) as file_size_bytes,
    {{ getty_text('download_uri') }} as download_uri,
    {{ getty_text('thumb_uri') }} as thumb_uri,
    {{ getty_loaded_at() }} as loaded_at,
    {{ getty_record_order() }} as record_order
from {{ source('getty', 'purchased_assets') }}
where {{ getty_is_live() }}
