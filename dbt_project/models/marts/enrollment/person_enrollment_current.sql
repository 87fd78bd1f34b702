-- Each person's programs on the extract date: who is concurrently enrolled.
with person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

final as (
    select
        person_id,
        list_sort(list_distinct(list(program) filter (where is_active))) as active_programs,
        list_sort(list_distinct(list(program) filter (where not is_active))) as closed_programs,
        count(distinct program) filter (where is_active) as active_program_count,
        count(distinct program) filter (where is_active) >= 2 as is_concurrently_enrolled,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from person_crosswalk
    group by person_id
)

select * from final
