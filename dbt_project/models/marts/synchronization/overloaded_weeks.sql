-- Weeks ahead in which a client has more open milestones active, across all programs, than
-- var max_active_milestones_per_week: too much asked of one person at once.
with milestones as (
    select * from {{ ref('milestones') }}
),

weeks as (
    select cast(week_start as date) as week_start
    from range(
            date_trunc('week', cast('{{ var("extract_date") }}' as date)),
            date_trunc('week', cast('{{ var("extract_date") }}' as date))
            + to_weeks({{ var('overload_weeks_ahead') }}),
            interval 1 week
        ) as ahead (week_start)
),

active_in_week as (
    select
        weeks.week_start,
        milestones.person_id,
        milestones.milestone_id,
        milestones.program
    from weeks
    inner join milestones
        on coalesce(milestones.target_start_date, milestones.target_end_date) <= weeks.week_start + 6
        and weeks.week_start <= milestones.target_end_date
    where milestones.is_open and milestones.is_client_active and milestones.person_id is not null
),

final as (
    select
        person_id,
        week_start,
        count(*) as active_milestones,
        list_sort(list_distinct(list(program))) as programs,
        {{ var('max_active_milestones_per_week') }} as max_active_milestones_per_week,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from active_in_week
    group by person_id, week_start
    having count(*) > {{ var('max_active_milestones_per_week') }}
)

select * from final
