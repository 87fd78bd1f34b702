with source as (
    {{ partitions_of('udc', 'clients', in_service('udc')) }}
),

final as (
    select
        program,
        "OFFENDER_NUM" as client_id,
        extract_date,
        _line as source_line,
        cast(null as varchar) as group_id,
        cast(null as varchar) as group_role,
        {{ cleaned('FIRST_NAME') }} as first_name,
        {{ cleaned('MIDDLE_NAME') }} as middle_name,
        {{ cleaned('LAST_NAME') }} as last_name,
        cast(null as varchar) as name_suffix,
        cast(null as varchar) as preferred_name,
        -- ALIASES: other names used, "FIRST LAST" separated by ";".
        coalesce(
            list_filter(
                list_transform(string_split({{ cleaned('ALIASES') }}, ';'), lambda a: trim(a)),
                lambda a: a <> ''
            ),
            cast([] as varchar[])
        ) as aliases,
        {{ cleaned('DOB', '%Y-%m-%d') }} as birth_date,
        {{ ssn_digits('SSN') }} as ssn,
        coalesce({{ cleaned('SEX') }}, 'U') as gender,
        nullif(trim(split_part({{ cleaned('LAST_KNOWN_ADDRESS') }}, ',', 1)), '') as street_address,
        nullif(trim(split_part({{ cleaned('LAST_KNOWN_ADDRESS') }}, ',', 2)), '') as city,
        {{ cleaned('ZIP') }} as zip,
        cast(null as varchar) as guardian_name,
        {{ cleaned('SUPERVISION_TYPE') }} as supervision_type,
        {{ cleaned('START_DATE', '%Y-%m-%d') }} as enrollment_start_date,
        {{ cleaned('END_DATE', '%Y-%m-%d') }} as enrollment_end_date,
        {{ end_unknown('END_DATE', '%Y-%m-%d') }} as enrollment_end_unknown,
        {{ cleaned('AGENT_ID') }} as staff_id
    from source
)

select * from final
