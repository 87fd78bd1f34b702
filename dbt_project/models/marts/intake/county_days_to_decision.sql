-- How long decisions took in each county and in the state over the last 24 months (vars
-- profile_months): decided applications by band of days, with the share of the area's.
with applications as (
    select * from {{ ref('applications') }}
),

banded as (
    select
        program,
        county,
        case
            when days_to_decision = 0 then 1
            when days_to_decision = 1 then 2
            when days_to_decision <= 7 then 3
            when days_to_decision <= 14 then 4
            when days_to_decision <= 30 then 5
            when days_to_decision <= 60 then 6
            else 7
        end as band_order
    from applications
    where
        days_to_decision is not null
        and received_month >= cast(date_trunc('month', cast('{{ var("extract_date") }}' as date)) as date)
        - to_months({{ var('profile_months') }} - 1)
),

-- Each decision counts for its county and for the state.
scoped as (
    select
        program,
        county as area,
        band_order
    from banded
    union all
    select
        program,
        'State' as area,
        band_order
    from banded
),

counted as (
    select
        program,
        area,
        band_order,
        count(*) as decided
    from scoped
    group by program, area, band_order
),

final as (
    select
        program,
        area as county,
        band_order,
        case band_order
            when 1 then 'Same day'
            when 2 then '1 day'
            when 3 then '2 to 7 days'
            when 4 then '8 to 14 days'
            when 5 then '15 to 30 days'
            when 6 then '31 to 60 days'
            else 'Over 60 days'
        end as days_band,
        cast(decided as integer) as decided,
        decided / sum(decided) over (partition by program, area) as share_of_decided
    from counted
)

select * from final
