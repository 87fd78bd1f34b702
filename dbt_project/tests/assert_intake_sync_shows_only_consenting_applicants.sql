-- The intake list names another program and whom to call there: consent of scope ENROLLMENT
-- or broader, as the sync report.
with intake_sync as (
    select * from {{ ref('intake_sync') }}
),

consents as (
    select * from {{ ref('int_consents_ranked_by_person') }}
)

select intake_sync.person_id
from intake_sync
left join consents on intake_sync.person_id = consents.person_id
where not coalesce(consents.can_see_enrollment, false)
