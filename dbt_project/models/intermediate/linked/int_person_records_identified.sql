-- One row per (program, client_id) in the rosters in service, with the person_id matching gave it
-- and the evidence; marts.person_crosswalk publishes it.
with int_person_records_unioned as (
    select * from {{ ref('int_person_records_unioned') }}
),

record_persons as (
    select * from {{ source('linkage', 'record_persons') }}
),

final as (
    select
        int_person_records_unioned.program,
        int_person_records_unioned.client_id,
        record_persons.person_id,
        int_person_records_unioned.is_active,
        int_person_records_unioned.enrollment_start_date,
        int_person_records_unioned.enrollment_end_date,
        int_person_records_unioned.staff_id,
        int_person_records_unioned.group_id,
        record_persons.best_match_probability,
        record_persons.n_links,
        record_persons.link_method,
        count(*) over (partition by record_persons.person_id) as records_in_person,
        int_person_records_unioned.extract_date as snapshot_extract_date
    from int_person_records_unioned
    inner join record_persons on int_person_records_unioned.record_id = record_persons.record_id
)

select * from final
