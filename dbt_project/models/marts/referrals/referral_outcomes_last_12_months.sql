-- Referral outcomes by program pair over the `referral_months` months up to the extract date.
with referral_outcomes_monthly as (
    select * from {{ ref('referral_outcomes_monthly') }}
),

final as (
    select
        from_program,
        to_program,
        {{ var('referral_months') }} as months_counted,
        sum(referrals) as referrals,
        sum(served) as served,
        sum(no_show) as no_show,
        sum(declined) as declined,
        sum(ineligible) as ineligible,
        sum(pending) as pending,
        sum(enrolled_in_target_after) as enrolled_in_target_after
    from referral_outcomes_monthly
    where referral_month > cast('{{ var("extract_date") }}' as date) - to_months({{ var('referral_months') }})
    group by from_program, to_program
)

select * from final
