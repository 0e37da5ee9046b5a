with ranked as (
    select
        *,
        row_number() over (
            partition by board_id
            order by loaded_at desc, record_order desc
        ) as recency_rank
    from {{ ref('base_getty__boards') }}
)

select
    board_id,
    board_name,
    board_description,
    board_relationship,
    asset_count,
    created_at,
    last_updated_at,
    loaded_at
from ranked
where recency_rank = 1
