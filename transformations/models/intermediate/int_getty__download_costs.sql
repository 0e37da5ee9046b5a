-- Each download with its cost from the rate card: a per-download unit cost, plus its share of
-- a subscription's period fee (see the model's YAML for the allocation).
with downloads as (
    select * from {{ ref('stg_getty__downloads') }}
),

rate_card as (
    select * from {{ ref('rate_card') }}
),

candidate_rates as (
    select
        downloads.download_id,
        rate_card.rate_id,
        row_number() over (
            partition by downloads.download_id
            order by
                case when rate_card.agreement_name = '*' then 0 else 2 end
                + case when rate_card.size_name = '*' then 0 else 1 end desc,
                rate_card.rate_id
        ) as specificity_rank
    from downloads
    inner join rate_card
        on
            downloads.product_type = rate_card.product_type
            and rate_card.agreement_name in (downloads.agreement_name, '*')
            and rate_card.size_name in (downloads.size_name, '*')
),

priced as (
    select
        downloads.*,
        rate_card.rate_id,
        rate_card.pricing_model,
        rate_card.unit_cost,
        rate_card.period_fee,
        rate_card.fee_period,
        rate_card.currency,
        rate_card.rights_managed_term_months,
        case rate_card.fee_period
            when 'year' then {{ dbt.date_trunc('year', 'downloads.downloaded_at') }}
            when 'month' then {{ dbt.date_trunc('month', 'downloads.downloaded_at') }}
        end as fee_period_start
    from downloads
    left join candidate_rates
        on
            downloads.download_id = candidate_rates.download_id
            and candidate_rates.specificity_rank = 1
    left join rate_card on candidate_rates.rate_id = rate_card.rate_id
),

sharing as (
    select
        *,
        -- the fee in ten-thousandths, so that shares are exact integers
        cast(round(period_fee * 10000) as {{ dbt.type_bigint() }}) as fee_units,
        row_number() over (
            partition by product_id, rate_id, fee_period_start
            order by downloaded_at, download_id
        ) as period_position,
        count(*) over (partition by product_id, rate_id, fee_period_start) as period_downloads
    from priced
),

shared as (
    select
        *,
        (
            {{ getty_int_div('fee_units * period_position', 'period_downloads') }}
            - {{ getty_int_div('fee_units * (period_position - 1)', 'period_downloads') }}
        ) * cast(0.0001 as {{ getty_money_type() }}) as fee_share
    from sharing
)

select
    download_id,
    asset_id,
    downloaded_at,
    username,
    asset_type,
    license_model,
    product_id,
    product_type,
    agreement_name,
    size_name,
    project_code,
    download_notes,
    rate_id,
    pricing_model,
    currency,
    rights_managed_term_months,
    cast(fee_period_start as date) as fee_period_start,
    period_downloads,
    cast(unit_cost as {{ getty_money_type() }}) as unit_cost,
    cast(fee_share as {{ getty_money_type() }}) as allocated_fee,
    cast(
        case
            when rate_id is not null then coalesce(unit_cost, 0) + coalesce(fee_share, 0)
        end as {{ getty_money_type() }}
    ) as amount
from shared
