-- One row per interagency referral but those for a SUBSTANCE_USE need: 42 CFR Part 2
-- keeps those from analysts, in the rows and in the counts built on them.
with int_referrals_followed as (
    select * from {{ ref('int_referrals_followed') }}
),

final as (
    select *
    from int_referrals_followed
    where need_category is distinct from 'SUBSTANCE_USE'
)

select * from final
