with ranked as (
    select
        *,
        row_number() over (
            partition by order_id
            order by loaded_at desc, record_order desc
        ) as recency_rank
    from {{ ref('base_getty__orders') }}
)

select
    order_id,
    invoice_number,
    ordered_at,
    end_client,
    purchase_order_number,
    project_title,
    licensee_name,
    ordered_by,
    assets_json,
    loaded_at
from ranked
where recency_rank = 1
