with source as (
    {{ partitions_of('programs', 'consents', in_service()) }}
),

final as (
    select
        program,
        {{ cleaned('client_id') }} as client_id,
        {{ cleaned('consent_id') }} as consent_id,
        extract_date,
        {{ cleaned('signed_date', '%Y-%m-%d') }} as signed_date,
        {{ cleaned('expiration_date', '%Y-%m-%d') }} as expiration_date,
        {{ cleaned('revoked_date', '%Y-%m-%d') }} as revoked_date,
        {{ cleaned('scope') }} as scope
    from source
)

select * from final
