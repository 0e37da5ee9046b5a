select
    {{ getty_text('id') }} as asset_id,
    {{ getty_text('title') }} as title,
    {{ getty_text('caption') }} as caption,
    {{ getty_text('artist') }} as artist,
    {{ getty_text('copyright') }} as copyright,
    {{ getty_text('asset_family') }} as asset_family,
    {{ getty_text('license_model') }} as license_model,
    {{ getty_text('collection_code') }} as collection_code,
    {{ getty_text('collection_name') }} as collection_name,
    {{ getty_text('source') }} as video_source,
    {{ getty_text(getty_json_text(getty_json('allowed_use'), ['how_can_i_use_it'])) }} as allowed_use,
    {{ getty_text(getty_json_text(getty_json('allowed_use'), ['release_info'])) }} as release_info,
    {{ getty_json_join(getty_json('allowed_use'), ['usage_restrictions'], '; ') }} as usage_restrictions,
    {{ getty_json_strings(getty_json('allowed_use'), ['usage_restrictions']) }} as usage_restrictions_json,
    {{ getty_json_join(getty_json('editorial_segments'), [], '; ') }} as editorial_segments,
    {{ getty_json_strings(getty_json('editorial_segments'), []) }} as editorial_segments_json,
    {{ getty_json_join(getty_json('keywords'), [], '; ', 'text') }} as keywords,
    {{ getty_json_strings(getty_json('keywords'), [], 'text') }} as keywords_json,
    {{ getty_text(getty_json_pick(getty_json('display_sizes'), 'name', 'thumb', 'uri')) }} as thumb_uri,
    {{ getty_text(getty_json_pick(getty_json('display_sizes'), 'name', 'comp', 'uri')) }} as comp_uri,
    {{ getty_text(getty_json_pick(getty_json('display_sizes'), 'name', 'preview', 'uri')) }} as preview_uri,
    {{ getty_text(getty_json_pick(
        getty_json('referral_destinations'), 'site_name', 'gettyimages', 'uri'
    )) }} as referral_uri,
    {{ getty_timestamp('date_created') }} as created_at,
    {{ getty_text('clip_length') }} as clip_length,
    {{ getty_text('mastered_to') }} as mastered_to,
    {{ getty_loaded_at() }} as loaded_at,
    {{ getty_record_order() }} as record_order
from {{ source('getty', 'videos') }}
where {{ getty_is_live() }}
