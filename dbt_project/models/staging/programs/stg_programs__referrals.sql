with source as (
    {{ partitions_of('programs', 'referrals', in_service()) }}
),

final as (
    select
        program as from_program,
        {{ cleaned('referral_id') }} as referral_id,
        {{ cleaned('client_id') }} as client_id,
        extract_date,
        {{ cleaned('to_program') }} as to_program,
        {{ cleaned('referral_date', '%Y-%m-%d') }} as referral_date,
        {{ cleaned('need_category') }} as need_category,
        {{ cleaned('status') }} as status,
        {{ cleaned('status_date', '%Y-%m-%d') }} as status_date
    from source
)

select * from final
