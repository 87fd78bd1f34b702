-- Persons by how many program records they hold (6 or more together).
with person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

persons as (
    select
        person_id,
        least(count(*), 6) as records_per_person
    from person_crosswalk
    group by person_id
),

final as (
    select
        records_per_person,
        case when records_per_person = 6 then '6 or more' else cast(records_per_person as varchar) end
            as records_per_person_label,
        count(*) as persons
    from persons
    group by records_per_person
)

select * from final
