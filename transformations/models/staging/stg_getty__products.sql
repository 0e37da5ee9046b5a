with ranked as (
    select
        *,
        row_number() over (
            partition by product_id
            order by loaded_at desc, record_order desc
        ) as recency_rank
    from {{ ref('base_getty__products') }}
)

select
    product_id,
    product_name,
    product_type,
    product_status,
    agreement_name,
    download_limit,
    download_limit_duration,
    downloads_remaining,
    download_limit_resets_at,
    expires_at,
    credits_remaining,
    imagepack_resolution,
    is_note_required,
    is_project_code_required,
    allowed_project_codes,
    overage_limit,
    overage_count,
    loaded_at
from ranked
where recency_rank = 1
