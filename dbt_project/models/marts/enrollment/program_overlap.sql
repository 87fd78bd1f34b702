-- For each ordered pair of programs (a, b): persons active in a, those also active in b, and the share.
with person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

programs as (
    select * from {{ ref('programs') }}
),

active_persons as (
    select distinct
        program,
        person_id
    from person_crosswalk
    where is_active
),

program_pairs as (
    select
        program_a.program as program_a,
        program_b.program as program_b
    from programs as program_a
    cross join programs as program_b
    where program_a.program <> program_b.program
),

counts as (
    select
        program_pairs.program_a,
        program_pairs.program_b,
        count(distinct active_in_a.person_id) as persons_active_in_a,
        count(distinct active_in_b.person_id) as persons_also_active_in_b
    from program_pairs
    left join active_persons as active_in_a on program_pairs.program_a = active_in_a.program
    left join active_persons as active_in_b
        on program_pairs.program_b = active_in_b.program
        and active_in_a.person_id = active_in_b.person_id
    group by program_pairs.program_a, program_pairs.program_b
),

final as (
    select
        program_a,
        program_b,
        cast('{{ var("extract_date") }}' as date) as as_of_date,
        persons_active_in_a,
        persons_also_active_in_b,
        round(persons_also_active_in_b / nullif(persons_active_in_a, 0), 4) as share
    from counts
)

select * from final
