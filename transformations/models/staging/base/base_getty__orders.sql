select
    {{ getty_text('id') }} as order_id,
    {{ getty_text('invoice_number') }} as invoice_number,
    {{ getty_timestamp('order_date') }} as ordered_at,
    {{ getty_text('end_client') }} as end_client,
    {{ getty_text(getty_json_text(getty_json('notes'), ['purchase_order_number'])) }} as purchase_order_number,
    {{ getty_text(getty_json_text(getty_json('notes'), ['project_title'])) }} as project_title,
    {{ getty_text(getty_json_text(getty_json('notes'), ['licensee_name'])) }} as licensee_name,
    {{ getty_text(getty_json_text(getty_json('notes'), ['ordered_by'])) }} as ordered_by,
    {{ getty_json('assets') }} as assets_json,
    {{ getty_loaded_at() }} as loaded_at,
    {{ getty_record_order() }} as record_order
from {{ source('getty', 'orders') }}
where {{ getty_is_live() }}
