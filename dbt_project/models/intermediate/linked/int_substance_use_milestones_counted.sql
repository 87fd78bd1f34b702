-- Persons with a SUBSTANCE_USE milestone, by program and status (every pair, zero or not),
-- with 'Total' rows and columns counting distinct persons: what
-- deidentified_substance_use_milestones publishes after suppression (42 CFR Part 2 allows
-- analysts aggregates only).
with int_milestones_flagged as (
    select * from {{ ref('int_milestones_flagged') }}
),

programs as (
    select * from {{ ref('programs') }}
),

milestone_statuses as (
    select * from {{ ref('milestone_statuses') }}
),

substance_use as (
    select
        program,
        status,
        -- A client not on tonight's rosters has no person_id: counted as the program's client.
        coalesce(person_id, program || ':' || client_id) as person_key
    from int_milestones_flagged
    where is_substance_use
),

{{ persons_by_program_and_status('milestone_statuses') }}

select * from final
