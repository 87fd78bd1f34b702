-- Each person's programs on the extract date (active and closed): who is concurrently
-- enrolled; marts.person_enrollment_current publishes it.
with int_person_records_identified as (
    select * from {{ ref('int_person_records_identified') }}
),

final as (
    select
        person_id,
        list_sort(list_distinct(list(program) filter (where is_active))) as active_programs,
        list_sort(list_distinct(list(program) filter (where not is_active))) as closed_programs,
        count(distinct program) filter (where is_active) as active_program_count,
        count(distinct program) filter (where is_active) >= 2 as is_concurrently_enrolled,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from int_person_records_identified
    group by person_id
)

select * from final
