select
    cast(id as {{ dbt.type_bigint() }}) as product_id,
    {{ getty_text('name') }} as product_name,
    {{ getty_text('type') }} as product_type,
    {{ getty_text('status') }} as product_status,
    {{ getty_text('agreement_name') }} as agreement_name,
    cast(download_limit as {{ dbt.type_int() }}) as download_limit,
    {{ getty_text('download_limit_duration') }} as download_limit_duration,
    cast(downloads_remaining as {{ dbt.type_int() }}) as downloads_remaining,
    {{ getty_timestamp('download_limit_reset_utc_date') }} as download_limit_resets_at,
    {{ getty_timestamp('expiration_utc_date') }} as expires_at,
    cast(credits_remaining as {{ dbt.type_int() }}) as credits_remaining,
    {{ getty_text('imagepack_resolution') }} as imagepack_resolution,
    coalesce(
        cast({{ getty_json_text(getty_json('download_requirements'), ['is_note_required']) }} as boolean),
        false
    ) as is_note_required,
    coalesce(
        cast({{ getty_json_text(getty_json('download_requirements'), ['is_project_code_required']) }} as boolean),
        false
    ) as is_project_code_required,
    {{ getty_json_join(getty_json('download_requirements'), ['project_codes'], '; ') }} as allowed_project_codes,
    cast({{ getty_json_text(getty_json('overage'), ['limit']) }} as {{ dbt.type_int() }}) as overage_limit,
    cast({{ getty_json_text(getty_json('overage'), ['count']) }} as {{ dbt.type_int() }}) as overage_count,
    {{ getty_loaded_at() }} as loaded_at,
    {{ getty_record_order() }} as record_order
from {{ source('getty', 'products') }}
where {{ getty_is_live() }}
