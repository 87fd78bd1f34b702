with source as (
    {{ partitions_of('programs', 'applications', in_service()) }}
),

final as (
    select
        program,
        {{ cleaned('application_id') }} as application_id,
        {{ cleaned('client_id') }} as client_id,
        extract_date,
        _line as source_line,
        {{ cleaned('first_name') }} as first_name,
        {{ cleaned('last_name') }} as last_name,
        {{ cleaned('birth_date', '%Y-%m-%d') }} as birth_date,
        {{ ssn_digits('ssn') }} as ssn,
        {{ cleaned('county') }} as county,
        {{ cleaned('office') }} as office,
        {{ cleaned('benefit') }} as benefit,
        {{ cleaned('received_date', '%Y-%m-%d') }} as received_date,
        {{ cleaned('expedited') }} = 'Y' as is_expedited,
        {{ cleaned('decision_date', '%Y-%m-%d') }} as decision_date,
        {{ cleaned('decision') }} as decision,
        {{ cleaned('denial_reason') }} as denial_reason,
        cast({{ cleaned('standard_days') }} as integer) as standard_days
    from source
)

select * from final
