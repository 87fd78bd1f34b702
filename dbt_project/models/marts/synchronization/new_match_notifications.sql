-- What each case manager is told tonight: their clients newly found active in another
-- program, and whom to call there. Consenting clients only (ENROLLMENT or broader).
with new_matches as (
    select * from {{ ref('new_matches') }}
),

int_consents_ranked_by_person as (
    select * from {{ ref('int_consents_ranked_by_person') }}
),

stg_programs__staff as (
    select * from {{ ref('stg_programs__staff') }}
),

-- With no night before, every match is "new": notices then summarise instead of listing.
first_night as (
    select count(*) = 0 as is_first_night
    from {{ source('linkage', 'previous_record_persons') }}
),

final as (
    select
        new_matches.program,
        new_matches.staff_id,
        case_manager.display_name as case_manager_name,
        case_manager.email as case_manager_email,
        new_matches.client_id,
        new_matches.person_id,
        new_matches.other_program,
        other_staff.display_name as other_case_manager_name,
        other_staff.email as other_case_manager_email,
        other_staff.phone as other_case_manager_phone,
        other_staff.office as other_case_manager_office,
        new_matches.found_on,
        first_night.is_first_night
    from new_matches
    cross join first_night
    inner join int_consents_ranked_by_person as consent
        on new_matches.person_id = consent.person_id
    inner join stg_programs__staff as case_manager
        on new_matches.program = case_manager.program
        and new_matches.staff_id = case_manager.staff_id
    left join stg_programs__staff as other_staff
        on new_matches.other_program = other_staff.program
        and new_matches.other_staff_id = other_staff.staff_id
    where consent.can_see_enrollment and case_manager.is_active
)

select * from final
