with source as (
    {{ partitions_of('dcfs', 'clients', in_service('dcfs')) }}
),

final as (
    select
        program,
        person_id as client_id,
        extract_date,
        _line as source_line,
        case_id as group_id,
        case_role as group_role,
        {{ cleaned('first_name') }} as first_name,
        {{ cleaned('middle_name') }} as middle_name,
        {{ cleaned('last_name') }} as last_name,
        {{ cleaned('name_suffix') }} as name_suffix,
        cast(null as varchar) as preferred_name,
        cast([] as varchar[]) as aliases,
        {{ cleaned('birth_date', '%Y-%m-%d') }} as birth_date,
        {{ ssn_digits('ssn') }} as ssn,
        case {{ cleaned('gender') }} when 'Male' then 'M' when 'Female' then 'F' else 'U' end as gender,
        {{ cleaned('street_address') }} as street_address,
        {{ cleaned('city') }} as city,
        {{ cleaned('zip') }} as zip,
        cast(null as varchar) as guardian_name,
        cast(null as varchar) as supervision_type,
        {{ cleaned('plan_start_date', '%Y-%m-%d') }} as enrollment_start_date,
        {{ cleaned('plan_end_date', '%Y-%m-%d') }} as enrollment_end_date,
        {{ end_unknown('plan_end_date', '%Y-%m-%d') }} as enrollment_end_unknown,
        {{ cleaned('caseworker_id') }} as staff_id
    from source
)

select * from final
