-- Another program's milestones need PLAN consent; SUBSTANCE_USE ones PLAN_WITH_SUD (42 CFR Part 2).
with casework_client_situation as (
    select * from {{ ref('casework_client_situation') }}
),

consents as (
    select * from {{ ref('int_consents_ranked_by_person') }}
)

select
    casework_client_situation.person_id,
    casework_client_situation.other_category,
    consents.consent_scope_rank
from casework_client_situation
left join consents on casework_client_situation.person_id = consents.person_id
where
    not coalesce(consents.can_see_plan, false)
    or (
        casework_client_situation.other_category = 'SUBSTANCE_USE'
        and not consents.can_see_substance_use
    )
