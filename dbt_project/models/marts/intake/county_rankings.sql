-- Each county against the state over the last months of applications (vars
-- county_ranking_months): its shares beside the median county's, and its rank among the
-- program's counties (1 is the best: most decided within standard, fewest procedural
-- denials).
with applications as (
    select * from {{ ref('applications') }}
),

recent as (
    select *
    from applications
    where
        received_date > cast('{{ var("extract_date") }}' as date)
        - to_months({{ var('county_ranking_months') }})
),

counties as (
    select
        program,
        county,
        count(*) as applications,
        count(*) filter (where is_decided) as decided,
        median(days_to_decision) as median_days_to_decision,
        {% for name, expression in intake_shares().items() -%}
            {{ expression }} as {{ name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from recent
    group by program, county
),

state as (
    select
        program,
        median(same_day_share) as state_median_same_day_share,
        median(within_standard_share) as state_median_within_standard_share,
        median(median_days_to_decision) as state_median_days_to_decision,
        median(procedural_denial_share) as state_median_procedural_denial_share
    from counties
    group by program
),

final as (
    select
        counties.program,
        counties.county,
        cast(counties.applications as integer) as applications,
        cast(counties.decided as integer) as decided,
        counties.same_day_share,
        counties.within_standard_share,
        counties.median_days_to_decision,
        counties.procedural_denial_share,
        counties.churn_share,
        counties.served_elsewhere_share,
        state.state_median_same_day_share,
        state.state_median_within_standard_share,
        state.state_median_days_to_decision,
        state.state_median_procedural_denial_share,
        counties.within_standard_share - state.state_median_within_standard_share
            as within_standard_vs_state,
        counties.median_days_to_decision - state.state_median_days_to_decision as days_vs_state,
        cast(rank() over (
            partition by counties.program order by counties.within_standard_share desc nulls last
        ) as integer) as rank_within_standard,
        cast(rank() over (
            partition by counties.program order by counties.median_days_to_decision asc nulls last
        ) as integer) as rank_days_to_decision,
        cast(rank() over (
            partition by counties.program order by counties.procedural_denial_share asc nulls last
        ) as integer) as rank_procedural_denials,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from counties
    inner join state on counties.program = state.program
)

select * from final
