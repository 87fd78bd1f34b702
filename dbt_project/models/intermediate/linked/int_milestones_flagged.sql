-- One row per plan milestone, SUBSTANCE_USE ones included (42 CFR Part 2: only consented
-- views and suppressed aggregates may show those), with the flags case managers and
-- supervisors work from; marts.milestones is this without them.
-- Dates are judged on the night's extract date (var extract_date), never on now().
with stg_programs__plans as (
    select * from {{ ref('stg_programs__plans') }}
),

person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

stg_programs__staff as (
    select * from {{ ref('stg_programs__staff') }}
),

as_of as (
    select cast('{{ var("extract_date") }}' as date) as as_of_date
),

flagged as (
    select
        stg_programs__plans.milestone_id,
        stg_programs__plans.program,
        stg_programs__plans.client_id,
        person_crosswalk.person_id,
        coalesce(person_crosswalk.is_active, false) as is_client_active,
        stg_programs__plans.plan_id,
        stg_programs__plans.goal,
        stg_programs__plans.milestone,
        stg_programs__plans.activity,
        stg_programs__plans.category,
        stg_programs__plans.is_required,
        stg_programs__plans.status,
        stg_programs__plans.stuck_reason,
        stg_programs__plans.target_start_date,
        stg_programs__plans.actual_start_date,
        stg_programs__plans.target_end_date,
        stg_programs__plans.actual_end_date,
        stg_programs__plans.planned_dosage_hours,
        stg_programs__plans.actual_dosage_hours,
        stg_programs__plans.staff_id,
        stg_programs__staff.office,
        stg_programs__staff.team,
        stg_programs__plans.updated_at,
        as_of.as_of_date,
        stg_programs__plans.status <> 'COMPLETE' as is_open,
        stg_programs__plans.category = 'SUBSTANCE_USE' as is_substance_use,
        stg_programs__plans.target_start_date is not null
        and stg_programs__plans.target_end_date is not null as has_target_dates
    from stg_programs__plans
    cross join as_of
    left join person_crosswalk
        on stg_programs__plans.program = person_crosswalk.program
        and stg_programs__plans.client_id = person_crosswalk.client_id
    left join stg_programs__staff
        on stg_programs__plans.program = stg_programs__staff.program
        and stg_programs__plans.staff_id = stg_programs__staff.staff_id
),

final as (
    select
        *,
        coalesce(is_open and target_end_date < as_of_date, false) as is_overdue,
        case when is_open and target_end_date < as_of_date
                then date_diff('day', target_end_date, as_of_date)
        end as days_overdue,
        coalesce(
            is_open and target_end_date between as_of_date
            and as_of_date + {{ var('due_soon_days') }},
            false
        ) as is_due_soon,
        -- The extracts carry no status history: a stuck milestone has been stuck at least
        -- since it was last updated.
        case when status = 'STUCK'
                then date_diff('day', cast(updated_at as date), as_of_date)
        end as days_stuck,
        case when status = 'COMPLETE' and target_end_date is not null
                then actual_end_date <= target_end_date
        end as is_completed_on_time,
        -- The work-list order (docs: case_manager_work_list).
        case
            when status = 'STUCK' then 1
            when is_open and target_end_date < as_of_date and is_required then 2
            when is_open and target_end_date < as_of_date then 3
            when is_open
                and target_end_date between as_of_date
                and as_of_date + {{ var('due_soon_days') }} then 4
        end as priority
    from flagged
)

select * from final
