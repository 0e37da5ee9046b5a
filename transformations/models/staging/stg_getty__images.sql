with ranked as (
    select
        *,
        row_number() over (
            partition by asset_id
            order by loaded_at desc, record_order desc
        ) as recency_rank
    from {{ ref('base_getty__images') }}
)

select
    asset_id,
    title,
    caption,
    artist,
    credit_line,
    copyright,
    asset_family,
    license_model,
    collection_code,
    collection_name,
    allowed_use,
    release_info,
    usage_restrictions,
    usage_restrictions_json,
    editorial_segments,
    editorial_segments_json,
    keywords,
    keywords_json,
    thumb_uri,
    comp_uri,
    preview_uri,
    referral_uri,
    created_at,
    max_width_px,
    max_height_px,
    orientation,
    city,
    state_province,
    country,
    loaded_at
from ranked
where recency_rank = 1
