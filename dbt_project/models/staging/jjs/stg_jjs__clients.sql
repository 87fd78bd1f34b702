with source as (
    {{ partitions_of('jjs', 'clients', in_service('jjs')) }}
),

-- YOUTH_NAME is "LAST, FIRST MIDDLE": the last name may hold spaces or hyphens.
names as (
    select
        *,
        trim(split_part({{ cleaned('YOUTH_NAME') }}, ',', 1)) as parsed_last_name,
        string_split(trim(substr(
            {{ cleaned('YOUTH_NAME') }},
            strpos({{ cleaned('YOUTH_NAME') }}, ',') + 1
        )), ' ') as given_names
    from source
),

-- ADDRESS is one line: "123 Main St, Ogden, UT 84401".
final as (
    select
        program,
        "CARE_ID" as client_id,
        extract_date,
        _line as source_line,
        cast(null as varchar) as group_id,
        cast(null as varchar) as group_role,
        nullif(given_names[1], '') as first_name,
        nullif(array_to_string(given_names[2:], ' '), '') as middle_name,
        nullif(parsed_last_name, '') as last_name,
        cast(null as varchar) as name_suffix,
        cast(null as varchar) as preferred_name,
        cast([] as varchar[]) as aliases,
        {{ cleaned('DOB', '%m/%d/%Y') }} as birth_date,
        {{ ssn_digits('SSN') }} as ssn,
        coalesce(nullif({{ cleaned('SEX') }}, ''), 'U') as gender,
        nullif(trim(split_part({{ cleaned('ADDRESS') }}, ',', 1)), '') as street_address,
        nullif(trim(split_part({{ cleaned('ADDRESS') }}, ',', 2)), '') as city,
        nullif(regexp_extract({{ cleaned('ADDRESS') }}, '(\d{5})\s*$', 1), '') as zip,
        {{ cleaned('GUARDIAN_NAME') }} as guardian_name,
        cast(null as varchar) as supervision_type,
        {{ cleaned('ADMIT_DATE', '%m/%d/%Y') }} as enrollment_start_date,
        {{ cleaned('RELEASE_DATE', '%m/%d/%Y') }} as enrollment_end_date,
        {{ end_unknown('RELEASE_DATE', '%m/%d/%Y') }} as enrollment_end_unknown,
        {{ cleaned('PLAN_MANAGER_ID') }} as staff_id
    from names
)

select * from final
