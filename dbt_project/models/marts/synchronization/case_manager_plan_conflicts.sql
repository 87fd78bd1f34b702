-- Plan conflicts as each side's case manager sees them: their client's required milestone,
-- the other program's that collides with it, and which comes first. Shown only where the
-- client's consent allows the other program's plan (PLAN; SUBSTANCE_USE needs PLAN_WITH_SUD).
with plan_conflicts as (
    select * from {{ ref('plan_conflicts') }}
),

milestones as (
    select * from {{ ref('milestones') }}
),

int_consents_ranked_by_person as (
    select * from {{ ref('int_consents_ranked_by_person') }}
),

both_sides as (
    select
        person_id,
        milestone_id_a as my_milestone_id,
        program_b as other_program,
        milestone_id_b as other_milestone_id,
        category_b as other_category,
        window_start_b as other_window_start,
        window_end_b as other_window_end,
        conflict_type,
        days_between_ends,
        first_milestone_id,
        first_because,
        as_of_date
    from plan_conflicts
    union all
    select
        person_id,
        milestone_id_b,
        program_a,
        milestone_id_a,
        category_a,
        window_start_a,
        window_end_a,
        conflict_type,
        days_between_ends,
        first_milestone_id,
        first_because,
        as_of_date
    from plan_conflicts
),

final as (
    select
        mine.program,
        mine.staff_id,
        mine.client_id,
        both_sides.person_id,
        both_sides.my_milestone_id,
        mine.milestone as my_milestone,
        mine.category as my_category,
        mine.target_end_date as my_target_end_date,
        both_sides.other_program,
        both_sides.other_milestone_id,
        both_sides.other_category,
        both_sides.other_window_start,
        both_sides.other_window_end,
        both_sides.conflict_type,
        both_sides.days_between_ends,
        both_sides.first_milestone_id = both_sides.my_milestone_id as is_mine_first,
        both_sides.first_because,
        both_sides.as_of_date
    from both_sides
    inner join milestones as mine on both_sides.my_milestone_id = mine.milestone_id
    inner join int_consents_ranked_by_person as consent on both_sides.person_id = consent.person_id
    where consent.can_see_plan
        and (both_sides.other_category <> 'SUBSTANCE_USE' or consent.can_see_substance_use)
)

select * from final
