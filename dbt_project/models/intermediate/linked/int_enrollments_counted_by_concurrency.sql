-- Active persons per program by how many programs they are active in: the counts
-- deidentified_enrollment_concurrency publishes after suppression.
with int_person_programs_listed as (
    select * from {{ ref('int_person_programs_listed') }}
),

programs as (
    select * from {{ ref('programs') }}
),

levels as (
    select * from {{ ref('concurrency_levels') }}
),

-- The last level holds that many programs or more.
enrolled as (
    select
        unnest(int_person_programs_listed.active_programs) as program,
        levels.programs_enrolled
    from int_person_programs_listed
    inner join levels
        on least(
            int_person_programs_listed.active_program_count,
            (select max(all_levels.level_order) from levels as all_levels)
        ) = levels.level_order
),

final as (
    select
        programs.program,
        levels.programs_enrolled,
        levels.level_order,
        count(enrolled.program) as persons
    from programs
    cross join levels
    left join enrolled
        on programs.program = enrolled.program
        and levels.programs_enrolled = enrolled.programs_enrolled
    group by programs.program, levels.programs_enrolled, levels.level_order
)

select * from final
