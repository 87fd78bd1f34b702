-- Phase 1: for each case manager, their active clients who are active in another program,
-- with that program's case manager to call. Only clients whose consent is in force with
-- scope ENROLLMENT or broader appear.
with int_coenrolled_clients_paired as (
    select * from {{ ref('int_coenrolled_clients_paired') }}
),

stg_programs__staff as (
    select * from {{ ref('stg_programs__staff') }}
),

int_consents_ranked_by_person as (
    select * from {{ ref('int_consents_ranked_by_person') }}
),

consenting as (
    select person_id from int_consents_ranked_by_person
    where can_see_enrollment
),

final as (
    select
        paired.program,
        paired.staff_id,
        paired.client_id,
        paired.person_id,
        paired.other_program,
        paired.other_client_id,
        paired.other_staff_id,
        other_staff.display_name as other_case_manager_name,
        other_staff.email as other_case_manager_email,
        other_staff.phone as other_case_manager_phone,
        other_staff.office as other_case_manager_office,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from int_coenrolled_clients_paired as paired
    inner join consenting on paired.person_id = consenting.person_id
    left join stg_programs__staff as other_staff
        on paired.other_program = other_staff.program
        and paired.other_staff_id = other_staff.staff_id
)

select * from final
