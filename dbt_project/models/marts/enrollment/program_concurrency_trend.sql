-- Per program and date counted (the extract date and month ends): its persons also enrolled
-- in another program, from the 31 combinations.
with program_combinations as (
    select * from {{ ref('program_combinations') }}
),

programs as (
    select * from {{ ref('programs') }}
),

final as (
    select
        programs.program,
        program_combinations.as_of_date,
        sum(program_combinations.persons) as persons_also_elsewhere
    from programs
    inner join program_combinations
        on list_contains(string_split(program_combinations.combination, '+'), programs.program)
    where program_combinations.program_count >= 2
    group by programs.program, program_combinations.as_of_date
)

select * from final
