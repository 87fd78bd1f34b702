-- "Tell their story once": for each office's intake workers, the applicants received in the
-- last days (vars intake_sync_days; 1 is the extract date, yesterday to whoever reads the
-- list the morning after) who are already served by another program, with that program's
-- case manager to call. As the sync report: consenting persons only (ENROLLMENT or broader).
with applications as (
    select * from {{ ref('applications') }}
),

enrollment_spells as (
    select * from {{ ref('enrollment_spells') }}
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

recent as (
    select *
    from applications
    where
        person_id is not null
        and received_date > cast('{{ var("extract_date") }}' as date) - {{ var('intake_sync_days') }}
),

final as (
    select
        recent.program,
        recent.office,
        recent.county,
        recent.application_id,
        recent.client_id,
        recent.person_id,
        recent.benefit,
        recent.received_date,
        elsewhere.program as other_program,
        elsewhere.client_id as other_client_id,
        elsewhere.staff_id as other_staff_id,
        other_staff.display_name as other_case_manager_name,
        other_staff.email as other_case_manager_email,
        other_staff.phone as other_case_manager_phone,
        other_staff.office as other_case_manager_office,
        cast('{{ var("extract_date") }}' as date) as as_of_date
    from recent
    inner join enrollment_spells as elsewhere
        on
        recent.person_id = elsewhere.person_id
        and recent.program != elsewhere.program
        and elsewhere.is_active
    inner join consenting on recent.person_id = consenting.person_id
    left join stg_programs__staff as other_staff
        on
        elsewhere.program = other_staff.program
        and elsewhere.staff_id = other_staff.staff_id
)

select * from final
