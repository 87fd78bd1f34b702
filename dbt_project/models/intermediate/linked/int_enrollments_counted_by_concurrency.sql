-- Active persons per program by how many programs they are active in, with the totals
-- deidentified_enrollment_concurrency publishes after suppression: 'Total' rows count
-- distinct persons (one in two programs is in two cells of its column, once in its total).
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
        int_person_programs_listed.person_id,
        unnest(int_person_programs_listed.active_programs) as program,
        levels.programs_enrolled
    from int_person_programs_listed
    inner join levels
        on least(
            int_person_programs_listed.active_program_count,
            (select max(all_levels.level_order) from levels as all_levels)
        ) = levels.level_order
),

program_levels as (
    select
        programs.program,
        levels.programs_enrolled,
        levels.level_order
    from programs
    cross join levels
),

cells as (
    select
        program_levels.program,
        program_levels.programs_enrolled,
        program_levels.level_order,
        count(enrolled.person_id) as persons
    from program_levels
    left join enrolled
        on program_levels.program = enrolled.program
        and program_levels.programs_enrolled = enrolled.programs_enrolled
    group by program_levels.program, program_levels.programs_enrolled, program_levels.level_order
),

level_totals as (
    select
        'Total' as program,
        levels.programs_enrolled,
        levels.level_order,
        count(distinct enrolled.person_id) as persons
    from levels
    left join enrolled
        on levels.programs_enrolled = enrolled.programs_enrolled
    group by levels.programs_enrolled, levels.level_order
),

program_totals as (
    select
        programs.program,
        'Total' as programs_enrolled,
        (select max(all_levels.level_order) + 1 from levels as all_levels) as level_order,
        count(distinct enrolled.person_id) as persons
    from programs
    left join enrolled
        on programs.program = enrolled.program
    group by programs.program
),

grand_total as (
    select
        'Total' as program,
        'Total' as programs_enrolled,
        (select max(all_levels.level_order) + 1 from levels as all_levels) as level_order,
        count(distinct person_id) as persons
    from enrolled
),

final as (
    select * from cells
    union all
    select * from level_totals
    union all
    select * from program_totals
    union all
    select * from grand_total
)

select * from final
