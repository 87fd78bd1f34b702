-- Each person's family members as the programs record them (people on one DCFS case or one
-- FEP household; a JJS youth and the guardian named on the record), with the programs each
-- member is enrolled in now: a family served by several programs shows here.
with enrollment_spells as (
    select * from {{ ref('enrollment_spells') }}
),

int_jjs_guardians_resolved as (
    select * from {{ ref('int_jjs_guardians_resolved') }}
),

person_enrollment_current as (
    select * from {{ ref('person_enrollment_current') }}
),

programs as (
    select * from {{ ref('programs') }}
),

shared_groups as (
    select distinct
        member.person_id,
        relatives.person_id as family_person_id,
        programs.family_relationship as relationship,
        member.group_id as family_group_id,
        relatives.group_role as family_member_role,
        member.is_active and relatives.is_active as is_group_active
    from enrollment_spells as member
    inner join programs on member.program = programs.program
    inner join enrollment_spells as relatives
        on
        member.program = relatives.program
        and member.group_id = relatives.group_id
        and member.person_id <> relatives.person_id
    where member.group_id is not null
),

guardians as (
    select
        youth_person_id as person_id,
        guardian_person_id as family_person_id,
        'jjs_guardian' as relationship,
        client_id as family_group_id,
        'GUARDIAN' as family_member_role,
        cast(null as boolean) as is_group_active
    from int_jjs_guardians_resolved
    where guardian_person_id is not null
    union all
    select
        guardian_person_id as person_id,
        youth_person_id as family_person_id,
        'jjs_youth' as relationship,
        client_id as family_group_id,
        'YOUTH' as family_member_role,
        null as is_group_active
    from int_jjs_guardians_resolved
    where guardian_person_id is not null
),

family_links as (
    select * from shared_groups
    union all
    select * from guardians
),

final as (
    select
        family_links.person_id,
        family_links.family_person_id,
        family_links.relationship,
        family_links.family_group_id,
        family_links.family_member_role,
        family_links.is_group_active,
        coalesce(person_enrollment_current.active_programs, []) as family_member_active_programs,
        coalesce(person_enrollment_current.active_program_count, 0)
            as family_member_active_program_count
    from family_links
    left join person_enrollment_current
        on family_links.family_person_id = person_enrollment_current.person_id
)

select * from final
