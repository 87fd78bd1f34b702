-- One row per application in the in-service drops, with who the applicant is and the
-- contract's timeliness terms (docs/extract-spec.md, applications.csv).
with stg_programs__applications as (
    select * from {{ ref('stg_programs__applications') }}
),

applicant_persons as (
    select * from {{ source('linkage', 'applicant_persons') }}
),

enrollment_spells as (
    select * from {{ ref('enrollment_spells') }}
),

identified as (
    select
        stg_programs__applications.*,
        applicant_persons.person_id,
        applicant_persons.link_method as person_link_method,
        applicant_persons.match_probability as person_match_probability
    from stg_programs__applications
    left join applicant_persons
        on
        stg_programs__applications.program = applicant_persons.program
        and stg_programs__applications.application_id = applicant_persons.application_id
),

-- Enrolled on the received date: a spell that began before that day and was open on it (one
-- that begins that day is the application's own outcome, not what the desk already knew).
enrolled as (
    select
        identified.program,
        identified.application_id,
        list(distinct enrollment_spells.program order by enrollment_spells.program) as programs_enrolled
    from identified
    inner join enrollment_spells
        on
        identified.person_id = enrollment_spells.person_id
        and identified.received_date > enrollment_spells.enrollment_start_date
        and {{ is_open_on('enrollment_spells.enrollment_end_date', 'identified.received_date',
                              'enrollment_spells.enrollment_end_unknown') }}
    group by identified.program, identified.application_id
),

-- Churn: the applicant's enrollment in this program closed within the 90 days before.
reapplications as (
    select distinct
        identified.program,
        identified.application_id
    from identified
    inner join enrollment_spells
        on
        identified.person_id = enrollment_spells.person_id
        and identified.program = enrollment_spells.program
        and identified.received_date >= enrollment_spells.enrollment_end_date
        and identified.received_date
        <= enrollment_spells.enrollment_end_date + {{ var('reapplication_days') }}
),

final as (
    select
        identified.program,
        identified.application_id,
        identified.client_id,
        identified.person_id,
        identified.person_link_method,
        identified.person_match_probability,
        identified.county,
        identified.office,
        identified.benefit,
        identified.is_expedited,
        identified.standard_days,
        identified.received_date,
        cast(date_trunc('month', identified.received_date) as date) as received_month,
        identified.decision_date,
        identified.decision,
        identified.denial_reason,
        -- Timed only when the decision date is usable: given, and not before receipt.
        case
            when identified.decision in ('APPROVED', 'DENIED', 'WITHDRAWN')
                and identified.decision_date >= identified.received_date
                then identified.decision_date - identified.received_date
        end as days_to_decision,
        coalesce(identified.decision in ('APPROVED', 'DENIED', 'WITHDRAWN'), false) as is_decided,
        coalesce(
            identified.decision in ('APPROVED', 'DENIED', 'WITHDRAWN')
            and identified.decision_date = identified.received_date, false
        ) as is_decided_same_day,
        coalesce(
            identified.decision in ('APPROVED', 'DENIED', 'WITHDRAWN')
            and identified.decision_date >= identified.received_date
            and identified.decision_date - identified.received_date <= identified.standard_days, false
        ) as is_decided_within_standard,
        coalesce(identified.decision = 'PENDING', false) as is_pending,
        coalesce(
            identified.decision = 'PENDING'
            and identified.extract_date - identified.received_date > identified.standard_days, false
        ) as is_pending_past_standard,
        coalesce(identified.decision = 'DENIED', false) as is_denied,
        coalesce(
            identified.decision = 'DENIED' and identified.denial_reason like 'PROCEDURAL\_%' escape '\', false
        )
            as is_procedural_denial,
        coalesce(enrolled.programs_enrolled, []) as programs_enrolled,
        -- Enrolled somewhere, and not only here.
        coalesce(enrolled.programs_enrolled != [identified.program], false) as is_served_elsewhere,
        reapplications.application_id is not null as is_reapplication_within_90_days,
        identified.extract_date as snapshot_extract_date
    from identified
    left join enrolled
        on identified.program = enrolled.program and identified.application_id = enrolled.application_id
    left join reapplications
        on
        identified.program = reapplications.program
        and identified.application_id = reapplications.application_id
)

select * from final
