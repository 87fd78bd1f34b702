-- One row per interagency referral, SUBSTANCE_USE needs included (42 CFR Part 2: not for
-- analysts), with what came of it: the outcome, days to it, and
-- whether the referred person was already enrolled in the target program on the referral
-- date, or enrolled there afterwards (matched through person_id, not the referral's word).
with stg_programs__referrals as (
    select * from {{ ref('stg_programs__referrals') }}
),

person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

enrollment_spells as (
    select * from {{ ref('enrollment_spells') }}
),

referred as (
    select
        stg_programs__referrals.referral_id,
        stg_programs__referrals.from_program,
        stg_programs__referrals.client_id,
        person_crosswalk.person_id,
        stg_programs__referrals.to_program,
        stg_programs__referrals.referral_date,
        date_trunc('month', stg_programs__referrals.referral_date) as referral_month,
        stg_programs__referrals.need_category,
        stg_programs__referrals.status,
        stg_programs__referrals.status_date
    from stg_programs__referrals
    left join person_crosswalk
        on stg_programs__referrals.from_program = person_crosswalk.program
        and stg_programs__referrals.client_id = person_crosswalk.client_id
),

target_spells as (
    select
        referred.referral_id,
        bool_or(
            enrollment_spells.enrollment_start_date < referred.referral_date
            and {{ is_open_on('enrollment_spells.enrollment_end_date', 'referred.referral_date',
                            'enrollment_spells.enrollment_end_unknown') }}
        ) as was_enrolled_in_target_before,
        bool_or(enrollment_spells.enrollment_start_date >= referred.referral_date)
            as is_enrolled_in_target_after,
        min(enrollment_spells.enrollment_start_date) filter (
            where enrollment_spells.enrollment_start_date >= referred.referral_date
        ) as target_enrollment_date
    from referred
    inner join enrollment_spells
        on referred.person_id = enrollment_spells.person_id
        and referred.to_program = enrollment_spells.program
    group by referred.referral_id
),

final as (
    select
        referred.*,
        case when referred.status <> 'PENDING'
                then date_diff('day', referred.referral_date, referred.status_date)
        end as days_to_outcome,
        coalesce(target_spells.was_enrolled_in_target_before, false) as was_enrolled_in_target_before,
        coalesce(target_spells.is_enrolled_in_target_after, false) as is_enrolled_in_target_after,
        date_diff('day', referred.referral_date, target_spells.target_enrollment_date)
            as days_to_target_enrollment
    from referred
    left join target_spells on referred.referral_id = target_spells.referral_id
)

select * from final
