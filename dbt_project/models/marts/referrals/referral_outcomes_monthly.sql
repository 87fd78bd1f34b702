-- Referral outcomes by program pair and month (the Mississippi hub measures): how many,
-- what became of them, how fast, and how many referred persons really enrolled.
with referrals as (
    select * from {{ ref('referrals') }}
),

final as (
    select
        from_program,
        to_program,
        cast(referral_month as date) as referral_month,
        count(*) as referrals,
        count(*) filter (where status = 'SERVED') as served,
        count(*) filter (where status = 'NO_SHOW') as no_show,
        count(*) filter (where status = 'DECLINED') as declined,
        count(*) filter (where status = 'INELIGIBLE') as ineligible,
        count(*) filter (where status = 'PENDING') as pending,
        round(count(*) filter (where status = 'SERVED') / count(*), 4) as served_share,
        median(days_to_outcome) as median_days_to_outcome,
        count(*) filter (where was_enrolled_in_target_before) as already_enrolled_in_target,
        count(*) filter (where is_enrolled_in_target_after) as enrolled_in_target_after
    from referrals
    group by from_program, to_program, referral_month
)

select * from final
