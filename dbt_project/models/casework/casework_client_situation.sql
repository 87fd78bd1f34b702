-- Each case manager's active clients, with the client's open milestones in other programs,
-- as far as consent allows: PLAN or broader for milestones, PLAN_WITH_SUD for
-- SUBSTANCE_USE ones (42 CFR Part 2). A client without such consent does not appear.
-- In the secure file: the SUBSTANCE_USE rows are for the consented case manager only;
-- marts.client_situation is this without them.
with person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

int_milestones_flagged as (
    select * from {{ ref('int_milestones_flagged') }}
),

int_consents_ranked_by_person as (
    select * from {{ ref('int_consents_ranked_by_person') }}
),

final as (
    select
        this_program.program,
        this_program.staff_id,
        this_program.client_id,
        this_program.person_id,
        other.program as other_program,
        other.client_id as other_client_id,
        other.staff_id as other_staff_id,
        other.milestone_id as other_milestone_id,
        other.milestone as other_milestone,
        other.category as other_category,
        other.is_required as other_is_required,
        other.status as other_status,
        other.stuck_reason as other_stuck_reason,
        other.target_start_date as other_target_start_date,
        other.target_end_date as other_target_end_date,
        other.is_overdue as other_is_overdue,
        other.is_due_soon as other_is_due_soon,
        other.is_substance_use as other_is_substance_use,
        other.as_of_date
    from person_crosswalk as this_program
    inner join int_consents_ranked_by_person as consent
        on this_program.person_id = consent.person_id
    inner join int_milestones_flagged as other
        on this_program.person_id = other.person_id
        and this_program.program <> other.program
    where this_program.is_active
        and other.is_open
        and consent.can_see_plan
        and (not other.is_substance_use or consent.can_see_substance_use)
)

select * from final
