-- Each person's programs on the extract date: who is concurrently enrolled.
with int_person_programs_listed as (
    select * from {{ ref('int_person_programs_listed') }}
)

select * from int_person_programs_listed
