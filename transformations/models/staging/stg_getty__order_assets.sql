with assets as (
    select
        order_id,
        {{ getty_json_unnest('assets_json', 'id') }} as asset_id
    from {{ ref('stg_getty__orders') }}
)

select distinct
    {{ getty_key(['order_id', 'asset_id']) }} as order_asset_id,
    order_id,
    asset_id
from assets
where asset_id is not null
