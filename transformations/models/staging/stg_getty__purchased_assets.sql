with ranked as (
    select
        *,
        row_number() over (
            partition by order_id, asset_id, purchased_at
            order by loaded_at desc, record_order desc
        ) as recency_rank
    from {{ ref('base_getty__purchased_assets') }}
)

select
    {{ getty_key(['order_id', 'asset_id', 'purchased_at']) }} as purchase_id,
    order_id,
    asset_id,
    purchased_at,
    purchased_by,
    asset_type,
    license_model,
    size_name,
    file_size_bytes,
    download_uri,
    thumb_uri,
    loaded_at
from ranked
where recency_rank = 1
