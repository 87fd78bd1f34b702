-- Each county's front door month by month over the last 24 months (vars profile_months),
-- beside the state (every county's applications together) and its peers (the median of the
-- program's other counties): what a county performance profile charts.
with applications as (
    select * from {{ ref('applications') }}
),

recent as (
    select *
    from applications
    where
        received_month >= cast(date_trunc('month', cast('{{ var("extract_date") }}' as date)) as date)
        - to_months({{ var('profile_months') }} - 1)
),

{% set measures = intake_shares() %}

-- Every month for every county the program has, so a month without applications is a gap.
months as (
    select cast(month_start as date) as received_month
    from range(
            cast(date_trunc('month', cast('{{ var("extract_date") }}' as date)) as date)
            - to_months({{ var('profile_months') }} - 1),
            cast(date_trunc('month', cast('{{ var("extract_date") }}' as date)) as date) + interval 1 month,
            interval 1 month
        ) as months (month_start)
),

spine as (
    select distinct
        recent.program,
        recent.county,
        months.received_month
    from recent
    cross join months
),

counties as (
    select
        program,
        county,
        received_month,
        count(*) as applications,
        {% for name, expression in measures.items() -%}
            {{ expression }} as {{ name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from recent
    group by program, county, received_month
),

state as (
    select
        program,
        received_month,
        {% for name, expression in measures.items() -%}
            {{ expression }} as state_{{ name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from recent
    group by program, received_month
),

peers as (
    select
        counties.program,
        counties.county,
        counties.received_month,
        {% for name in measures -%}
            median(other_counties.{{ name }}) as peer_{{ name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from counties
    inner join counties as other_counties
        on
        counties.program = other_counties.program
        and counties.received_month = other_counties.received_month
        and counties.county != other_counties.county
    group by counties.program, counties.county, counties.received_month
),

final as (
    select
        spine.program,
        spine.county,
        spine.received_month,
        cast(coalesce(counties.applications, 0) as integer) as applications,
        {% for name in measures -%}
            counties.{{ name }},
            state.state_{{ name }},
            peers.peer_{{ name }},
        {% endfor -%}
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from spine
    left join counties
        on
        spine.program = counties.program
        and spine.county = counties.county
        and spine.received_month = counties.received_month
    left join state
        on spine.program = state.program and spine.received_month = state.received_month
    left join peers
        on
        spine.program = peers.program
        and spine.county = peers.county
        and spine.received_month = peers.received_month
)

select * from final
