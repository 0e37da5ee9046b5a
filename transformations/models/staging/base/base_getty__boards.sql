select
    {{ getty_text('id') }} as board_id,
    {{ getty_text('name') }} as board_name,
    {{ getty_text('description') }} as board_description,
    {{ getty_text('board_relationship') }} as board_relationship,
    cast(asset_count as {{ dbt.type_int() }}) as asset_count,
    {{ getty_timestamp('date_created') }} as created_at,
    {{ getty_timestamp('date_last_updated') }} as last_updated_at,
    {{ getty_loaded_at() }} as loaded_at,
    {{ getty_record_order() }} as record_order
from {{ source('getty', 'boards') }}
where {{ getty_is_live() }}
