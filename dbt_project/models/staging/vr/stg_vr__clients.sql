with source as (
    {{ partitions_of('vr', 'clients', in_service('vr')) }}
),

final as (
    select
        program,
        "ParticipantID" as client_id,
        extract_date,
        _line as source_line,
        cast(null as varchar) as group_id,
        cast(null as varchar) as group_role,
        {{ cleaned('FirstName') }} as first_name,
        cast(null as varchar) as middle_name,
        {{ cleaned('LastName') }} as last_name,
        cast(null as varchar) as name_suffix,
        {{ cleaned('PreferredName') }} as preferred_name,
        cast([] as varchar[]) as aliases,
        {{ cleaned('DateOfBirth', '%-m/%-d/%Y') }} as birth_date,
        {{ ssn_digits('SocialSecurityNumber') }} as ssn,
        case {{ cleaned('Gender') }}
            when 'Male' then 'M' when 'Female' then 'F' when 'Nonbinary' then 'X' else 'U'
        end as gender,
        {{ cleaned('Address1') }} as street_address,
        {{ cleaned('City') }} as city,
        {{ cleaned('Zip') }} as zip,
        cast(null as varchar) as guardian_name,
        cast(null as varchar) as supervision_type,
        {{ cleaned('ApplicationDate', '%-m/%-d/%Y') }} as enrollment_start_date,
        {{ cleaned('ClosureDate', '%-m/%-d/%Y') }} as enrollment_end_date,
        {{ end_unknown('ClosureDate', '%-m/%-d/%Y') }} as enrollment_end_unknown,
        {{ cleaned('CounselorID') }} as staff_id
    from source
)

select * from final
