-- A family link from one person to another has its mirror in the same group.
with family_enrollments as (
    select * from {{ ref('family_enrollments') }}
)

select
    family_enrollments.person_id,
    family_enrollments.family_person_id,
    family_enrollments.family_group_id
from family_enrollments
left join family_enrollments as mirror
    on family_enrollments.family_person_id = mirror.person_id
    and family_enrollments.person_id = mirror.family_person_id
    and family_enrollments.family_group_id = mirror.family_group_id
where mirror.person_id is null
