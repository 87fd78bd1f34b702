-- Phase 1: for each case manager, their active clients who are active in another program,
-- with that program's case manager to call. Only clients whose consent is in force with
-- scope ENROLLMENT or broader appear.
with person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

stg_programs__staff as (
    select * from {{ ref('stg_programs__staff') }}
),

int_consents_valid_by_person as (
    select * from {{ ref('int_consents_valid_by_person') }}
),

active as (
    select * from person_crosswalk where is_active
),

consenting as (
    select person_id from int_consents_valid_by_person where can_see_enrollment
),

final as (
    select
        this_program.program,
        this_program.staff_id,
        this_program.client_id,
        this_program.person_id,
        other_program.program as other_program,
        other_program.client_id as other_client_id,
        other_program.staff_id as other_staff_id,
        other_staff.first_name || ' ' || other_staff.last_name as other_case_manager_name,
        other_staff.email as other_case_manager_email,
        other_staff.phone as other_case_manager_phone,
        other_staff.office as other_case_manager_office,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from active as this_program
    inner join active as other_program
        on this_program.person_id = other_program.person_id
        and this_program.program <> other_program.program
    inner join consenting on this_program.person_id = consenting.person_id
    left join stg_programs__staff as other_staff
        on other_program.program = other_staff.program
        and other_program.staff_id = other_staff.staff_id
)

select * from final
