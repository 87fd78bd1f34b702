-- Progress against the intake targets (seed intake_targets: the WSS targets by default, a
-- state sets its own): for each program, county and the state as a whole, the baseline
-- year's value, the last months' value (vars county_ranking_months), the value to reach and
-- whether it is reached.
with applications as (
    select * from {{ ref('applications') }}
),

intake_targets as (
    select * from {{ ref('intake_targets') }}
),

-- An application counts in the baseline year and in the last months, where it falls in both.
periods as (
    select
        applications.*,
        intake_targets.target,
        intake_targets.measure,
        intake_targets.within_days,
        'current' as period
    from applications
    cross join intake_targets
    where
        applications.received_date > cast('{{ var("extract_date") }}' as date)
        - to_months({{ var('county_ranking_months') }})
    union all
    select
        applications.*,
        intake_targets.target,
        intake_targets.measure,
        intake_targets.within_days,
        'baseline' as period
    from applications
    inner join intake_targets on year(applications.received_date) = intake_targets.baseline_year
),

-- Each application counts for its county and for the state.
scoped as (
    select
        *,
        county as area
    from periods
    union all
    select
        *,
        'State' as area
    from periods
),

measured as (
    select
        target,
        program,
        period,
        area as county,
        case any_value(measure)
            when 'decided_within_days'
                then avg(cast(days_to_decision <= within_days as integer))
            when 'procedural_denial_share'
                then avg(case when is_denied then cast(is_procedural_denial as integer) end)
            when 'median_days_to_decision'
                then median(days_to_decision)
        end as measured_value
    from scoped
    group by target, program, period, area
),

valued as (
    select
        currently.target,
        currently.program,
        currently.county,
        intake_targets.measure,
        intake_targets.baseline_year,
        baseline.measured_value as baseline_value,
        currently.measured_value as current_value,
        coalesce(intake_targets.target_share, baseline.measured_value * (1 - intake_targets.reduction))
            as target_value
    from measured as currently
    inner join intake_targets on currently.target = intake_targets.target
    left join measured as baseline
        on
        currently.target = baseline.target
        and currently.program = baseline.program
        and currently.county = baseline.county
        and baseline.period = 'baseline'
    where currently.period = 'current'
),

final as (
    select
        *,
        case
            when measure = 'decided_within_days' then current_value >= target_value
            else current_value <= target_value
        end as is_met,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from valued
)

select * from final
