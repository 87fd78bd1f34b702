-- The five-circle Venn: for each of the 31 combinations of programs, the persons enrolled in
-- exactly those programs, on the extract date and on each month end of the roster window.
with enrollment_spells as (
    select * from {{ ref('enrollment_spells') }}
),

programs as (
    select
        program,
        cast(row_number() over (order by program) - 1 as integer) as program_bit
    from {{ ref('programs') }}
),

as_of_dates as (
    select cast('{{ var("extract_date") }}' as date) as as_of_date
    union
    select cast(month_end as date) as as_of_date
    from range(
            last_day(
                cast('{{ var("extract_date") }}' as date) - to_months({{ var('roster_window_months') }})
            ),
            cast('{{ var("extract_date") }}' as date),
            interval 1 month
        ) as month_ends (month_end)
),

-- A spell counts on a date when it had started and not yet ended.
enrolled as (
    select distinct
        as_of_dates.as_of_date,
        enrollment_spells.person_id,
        enrollment_spells.program
    from as_of_dates
    inner join enrollment_spells
        on {{ is_enrolled_on('enrollment_spells.enrollment_start_date',
                             'enrollment_spells.enrollment_end_date', 'as_of_dates.as_of_date',
                             'enrollment_spells.enrollment_end_unknown') }}
),

person_masks as (
    select
        enrolled.as_of_date,
        enrolled.person_id,
        cast(sum(1 << programs.program_bit) as integer) as combination_mask
    from enrolled
    inner join programs on enrolled.program = programs.program
    group by enrolled.as_of_date, enrolled.person_id
),

combinations as (
    select
        mask.combination_mask,
        string_agg(programs.program, '+' order by programs.program) as combination,
        count(*) as program_count
    from range(1, 32) as mask (combination_mask)
    inner join programs on (mask.combination_mask >> programs.program_bit) & 1 = 1
    group by mask.combination_mask
),

final as (
    select
        as_of_dates.as_of_date,
        combinations.combination,
        combinations.program_count,
        count(person_masks.person_id) as persons
    from as_of_dates
    cross join combinations
    left join person_masks
        on as_of_dates.as_of_date = person_masks.as_of_date
        and combinations.combination_mask = person_masks.combination_mask
    group by as_of_dates.as_of_date, combinations.combination, combinations.program_count
)

select * from final
