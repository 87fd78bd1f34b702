-- The broadest consent scope in force for each person on the extract date.
-- The consent form is universal: signed with any program, it speaks for all of them.
-- In force when signed_date <= date < expiration_date (empty = none) and not revoked on or before.
with stg_programs__consents as (
    select * from {{ ref('stg_programs__consents') }}
),

int_person_records_identified as (
    select * from {{ ref('int_person_records_identified') }}
),

consent_scopes as (
    select * from {{ ref('consent_scopes') }}
),

in_force as (
    select
        stg_programs__consents.program,
        stg_programs__consents.client_id,
        consent_scopes.scope_rank
    from stg_programs__consents
    inner join consent_scopes on stg_programs__consents.scope = consent_scopes.scope
    where stg_programs__consents.signed_date <= cast('{{ var("extract_date") }}' as date)
        and (
            stg_programs__consents.expiration_date is null
            or cast('{{ var("extract_date") }}' as date) < stg_programs__consents.expiration_date
        )
        and (
            stg_programs__consents.revoked_date is null
            or stg_programs__consents.revoked_date > cast('{{ var("extract_date") }}' as date)
        )
),

ranked as (
    select
        int_person_records_identified.person_id,
        max(in_force.scope_rank) as consent_scope_rank
    from in_force
    inner join int_person_records_identified
        on in_force.program = int_person_records_identified.program
        and in_force.client_id = int_person_records_identified.client_id
    group by int_person_records_identified.person_id
),

-- What each scope lets another program's case manager see, decided here once.
final as (
    select
        ranked.person_id,
        ranked.consent_scope_rank,
        ranked.consent_scope_rank >= enrollment_scope.scope_rank as can_see_enrollment,
        ranked.consent_scope_rank >= plan_scope.scope_rank as can_see_plan,
        ranked.consent_scope_rank >= sud_scope.scope_rank as can_see_substance_use
    from ranked
    inner join consent_scopes as enrollment_scope on enrollment_scope.scope = 'ENROLLMENT'
    inner join consent_scopes as plan_scope on plan_scope.scope = 'PLAN'
    inner join consent_scopes as sud_scope on sud_scope.scope = 'PLAN_WITH_SUD'
)

select * from final
