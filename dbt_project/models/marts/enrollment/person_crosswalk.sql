-- The published identity map: one row per (program, client_id) with its person_id.
with int_person_records_identified as (
    select * from {{ ref('int_person_records_identified') }}
)

select * from int_person_records_identified
