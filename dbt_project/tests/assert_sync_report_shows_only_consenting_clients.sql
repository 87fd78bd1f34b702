-- Phase 1 (enrolled elsewhere, whom to call) needs consent of scope ENROLLMENT or broader.
with sync_report as (
    select * from {{ ref('sync_report') }}
),

consents as (
    select * from {{ ref('int_consents_ranked_by_person') }}
)

select sync_report.person_id
from sync_report
left join consents on sync_report.person_id = consents.person_id
where not coalesce(consents.can_see_enrollment, false)
