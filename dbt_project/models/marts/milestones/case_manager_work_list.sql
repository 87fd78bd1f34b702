-- Each case manager's open milestones that need attention, in the order to work them:
-- 1 stuck (longest stuck first), 2 overdue and required, 3 overdue (most overdue first),
-- 4 due within due_soon_days (soonest first). Ties: client, then milestone id.
-- Only clients still active in the program: a closed case is nobody's work.
with milestones as (
    select * from {{ ref('milestones') }}
),

stg_programs__staff as (
    select * from {{ ref('stg_programs__staff') }}
),

final as (
    select
        milestones.program,
        milestones.staff_id,
        stg_programs__staff.display_name as case_manager_name,
        milestones.office,
        milestones.team,
        row_number() over (
            partition by milestones.program, milestones.staff_id
            order by
                milestones.priority asc,
                milestones.days_stuck desc nulls last,
                milestones.days_overdue desc nulls last,
                milestones.target_end_date asc nulls last,
                milestones.client_id asc,
                milestones.milestone_id asc
        ) as work_order,
        milestones.priority,
        case milestones.priority
            when 1 then 'stuck'
            when 2 then 'overdue, required'
            when 3 then 'overdue'
            when 4 then 'due soon'
        end as priority_reason,
        milestones.client_id,
        milestones.person_id,
        milestones.milestone_id,
        milestones.milestone,
        milestones.category,
        milestones.is_required,
        milestones.status,
        milestones.stuck_reason,
        milestones.target_end_date,
        milestones.days_stuck,
        milestones.days_overdue,
        milestones.as_of_date
    from milestones
    left join stg_programs__staff
        on milestones.program = stg_programs__staff.program
        and milestones.staff_id = stg_programs__staff.staff_id
    where milestones.priority is not null and milestones.is_client_active
)

select * from final
