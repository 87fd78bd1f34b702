-- What each program lead receives: every active client concurrently enrolled elsewhere.
-- Which programs and whom to call are filled only where the client's consent allows
-- (scope ENROLLMENT or broader); other rows say consent is missing.
with person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

sync_report as (
    select * from {{ ref('sync_report') }}
),

person_enrollment_current as (
    select * from {{ ref('person_enrollment_current') }}
),

concurrent as (
    select person_crosswalk.*
    from person_crosswalk
    inner join person_enrollment_current
        on person_crosswalk.person_id = person_enrollment_current.person_id
    where person_crosswalk.is_active and person_enrollment_current.is_concurrently_enrolled
),

contacts as (
    select
        program,
        client_id,
        list_sort(list_distinct(list(other_program))) as other_programs,
        string_agg(
            other_program || ': ' || coalesce(other_case_manager_name, other_staff_id)
            || ' <' || coalesce(other_case_manager_email, '') || '> '
            || coalesce(other_case_manager_phone, ''),
            '; ' order by other_program, other_case_manager_name, other_staff_id
        ) as other_case_managers
    from sync_report
    group by program, client_id
),

final as (
    select
        concurrent.program,
        concurrent.client_id,
        concurrent.person_id,
        concurrent.staff_id,
        contacts.client_id is not null as has_consent,
        array_to_string(contacts.other_programs, ', ') as other_programs,
        contacts.other_case_managers,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from concurrent
    left join contacts
        on concurrent.program = contacts.program
        and concurrent.client_id = contacts.client_id
)

select * from final
