with source as (
    {{ partitions_of('fep', 'clients', in_service('fep')) }}
),

final as (
    select
        program,
        "UWORKS_ID" as client_id,
        extract_date,
        _line as source_line,
        {{ cleaned('HOUSEHOLD_ID') }} as group_id,
        case {{ cleaned('HOH_FLAG') }} when 'Y' then 'HEAD_OF_HOUSEHOLD' else 'MEMBER' end as group_role,
        {{ cleaned('FIRST_NM') }} as first_name,
        {{ cleaned('MID_INIT') }} as middle_name,
        {{ cleaned('LAST_NM') }} as last_name,
        cast(null as varchar) as name_suffix,
        cast(null as varchar) as preferred_name,
        cast([] as varchar[]) as aliases,
        {{ cleaned('BIRTH_DT', '%Y%m%d') }} as birth_date,
        {{ ssn_digits('SSN') }} as ssn,
        case {{ cleaned('GENDER_CD') }} when '1' then 'M' when '2' then 'F' else 'U' end as gender,
        {{ cleaned('RES_ADDR') }} as street_address,
        {{ cleaned('RES_CITY') }} as city,
        {{ cleaned('RES_ZIP') }} as zip,
        cast(null as varchar) as guardian_name,
        cast(null as varchar) as supervision_type,
        {{ cleaned('ENROLL_DT', '%Y%m%d') }} as enrollment_start_date,
        {{ cleaned('EXIT_DT', '%Y%m%d') }} as enrollment_end_date,
        {{ end_unknown('EXIT_DT', '%Y%m%d') }} as enrollment_end_unknown,
        {{ cleaned('COUNSELOR_ID') }} as staff_id
    from source
)

select * from final
