with source as (
    {{ partitions_of('programs', 'staff', in_service()) }}
),

final as (
    select
        program,
        {{ cleaned('staff_id') }} as staff_id,
        extract_date,
        {{ cleaned('first_name') }} as first_name,
        {{ cleaned('last_name') }} as last_name,
        {{ cleaned('role_title') }} as role_title,
        {{ cleaned('email') }} as email,
        {{ cleaned('phone') }} as phone,
        {{ cleaned('office') }} as office,
        {{ cleaned('team') }} as team,
        {{ cleaned('supervisor_id') }} as supervisor_id,
        {{ cleaned('active') }} = 'Y' as is_active,
        {{ cleaned('first_name') }} || ' ' || {{ cleaned('last_name') }} as display_name
    from source
)

select * from final
