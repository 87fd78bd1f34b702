-- One row per plan milestone, but SUBSTANCE_USE ones: 42 CFR Part 2 allows analysts those
-- only as suppressed aggregates (deidentified.substance_use_milestones); case managers see
-- another program's with PLAN_WITH_SUD consent, in the secure file (casework).
with int_milestones_flagged as (
    select * from {{ ref('int_milestones_flagged') }}
),

final as (
    select * exclude (is_substance_use)
    from int_milestones_flagged
    where not is_substance_use
)

select * from final
