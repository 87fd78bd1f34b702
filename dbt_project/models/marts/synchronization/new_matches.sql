-- Active clients found tonight in another program that they were not linked to last night:
-- a new record, or records the previous night kept apart. On the first night every match is new.
with person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

previous_record_persons as (
    select * from {{ source('linkage', 'previous_record_persons') }}
),

active as (
    select
        person_crosswalk.*,
        previous_record_persons.person_id as previous_person_id
    from person_crosswalk
    left join previous_record_persons
        on person_crosswalk.program || ':' || person_crosswalk.client_id
        = previous_record_persons.record_id
    where person_crosswalk.is_active
),

final as (
    select
        this_program.program,
        this_program.client_id,
        this_program.staff_id,
        this_program.person_id,
        other_program.program as other_program,
        other_program.client_id as other_client_id,
        other_program.staff_id as other_staff_id,
        cast('{{ var("extract_date") }}' as date) as found_on
    from active as this_program
    inner join active as other_program
        on this_program.person_id = other_program.person_id
        and this_program.program <> other_program.program
    where this_program.previous_person_id is null
        or other_program.previous_person_id is null
        or this_program.previous_person_id <> other_program.previous_person_id
)

select * from final
