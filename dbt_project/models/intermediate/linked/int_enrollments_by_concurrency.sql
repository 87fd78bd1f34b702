-- Active persons per program by how many programs they are active in: the counts
-- deidentified_enrollment_concurrency publishes after suppression.
with person_enrollment_current as (
    select * from {{ ref('person_enrollment_current') }}
),

programs as (
    select * from {{ ref('programs') }}
),

levels as (
    select * from (values ('1 program', 1), ('2 programs', 2), ('3 or more programs', 3))
            as levels (programs_enrolled, level_order)
),

enrolled as (
    select
        unnest(active_programs) as program,
        case
            when active_program_count >= 3 then '3 or more programs'
            when active_program_count = 2 then '2 programs'
            else '1 program'
        end as programs_enrolled
    from person_enrollment_current
    where active_program_count >= 1
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
